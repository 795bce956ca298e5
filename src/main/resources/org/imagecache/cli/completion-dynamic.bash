
# Words only the running service knows (remotes, fingerprints, aliases), asked of it through
# `imagecache __complete`; picocli's completion above does the commands and options.
_imagecache_service_words() {
  command imagecache __complete "$@" 2>/dev/null
}

_imagecache_dynamic() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]:-} kind="" word
  local sub=${COMP_WORDS[1]:-} subsub=${COMP_WORDS[2]:-}
  # bash splits REMOTE:ALIAS at the colon: put the word back together
  word=$cur
  if [ "$cur" = ":" ] && [ "$COMP_CWORD" -ge 2 ]; then
    word="$prev:"
    cur=""
  elif [ "$prev" = ":" ] && [ "$COMP_CWORD" -ge 3 ]; then
    word="${COMP_WORDS[COMP_CWORD-2]}:$cur"
  fi
  case "$prev" in
    --kind) kind=kinds ;;
    --fingerprint) kind=fingerprints ;;
  esac
  if [ -z "$kind" ] && [[ "$word" != -* ]]; then
    case "$sub" in
      lookup|pull) [ "$COMP_CWORD" -ge 2 ] && kind=references ;;
      images)
        case "$subsub" in
          info|delete|pin|unpin|refresh|verify) [ "$COMP_CWORD" -ge 3 ] && kind=fingerprints ;;
        esac ;;
      remotes)
        case "$subsub" in
          images|refresh) [ "$COMP_CWORD" -ge 3 ] && kind=remotes ;;
        esac ;;
    esac
  fi
  if [ -z "$kind" ]; then
    _complete_imagecache "$@"
    return
  fi
  local IFS=$'\n' candidates=() c
  for c in $(_imagecache_service_words "$kind" "$word"); do
    if [ "$kind" = references ] && [[ "$word" == *:* ]]; then
      candidates+=("${c#*:}")
    else
      candidates+=("$c")
    fi
  done
  COMPREPLY=("${candidates[@]}")
  if [ "$kind" = references ] && [[ "$word" != *:* ]]; then
    compopt -o nospace 2>/dev/null || true
  fi
}

complete -F _imagecache_dynamic -o default imagecache
