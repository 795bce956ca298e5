package org.imagecache.cli;

/**
 * Text from the service (and, through it, from a remote's catalog) as the CLI shows it: every control
 * character (C0, DEL, C1) written as a visible {@code \xNN} escape and a backslash doubled, so that no
 * value can move the cursor, clear the screen, retitle the terminal or forge a line of output.
 */
final class Printable {
  private Printable() {}

  static String of(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
      if (control || c == '\\') {
        if (sb == null) {
          sb = new StringBuilder(text.length() + 8).append(text, 0, i);
        }
        sb.append(control ? String.format("\\x%02x", (int) c) : "\\\\");
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? text : sb.toString();
  }
}
