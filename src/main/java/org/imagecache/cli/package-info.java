/**
 * The command line (picocli): {@code serve} runs the service; every other command is an HTTP client of
 * the running service's API, one class per subcommand.
 *
 * <p>May use: {@code server} (for {@code serve} only), {@code config}, {@code demo}, {@code image},
 * {@code failure}; picocli. Nothing of the service's insides: it reads what the API answers.
 */
package org.imagecache.cli;
