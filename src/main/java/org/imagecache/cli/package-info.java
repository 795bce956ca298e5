/**
 * The command line (picocli): {@code serve} runs the service; every other command is an HTTP client of
 * the running service's API, one class per subcommand. Depends on {@code config} and {@code server}
 * (for {@code serve} only).
 */
package org.imagecache.cli;
