package org.imagecache.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adjusts the logback configuration of logback.xml at start-up: the encoder of the one console appender
 * ({@code --log-format json}: one JSON object a line, for log shippers) and the level ({@code log.level}).
 */
final class LogSetup {
  enum Format { text, json }

  private LogSetup() {}

  /** Call before the first line that should be in that format. */
  static void format(Format format) {
    if (format != Format.json || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return;
    }
    ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.iteratorForAppenders().forEachRemaining(a -> {
      if (a instanceof OutputStreamAppender<ILoggingEvent> out) {
        Encoder<ILoggingEvent> encoder = json(ctx);
        out.stop();
        out.setEncoder(encoder);
        out.start();
      }
    });
  }

  private static Encoder<ILoggingEvent> json(LoggerContext ctx) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(ctx);
    // the message as written (formattedMessage), not the pattern and its arguments; no logback context noise
    encoder.setWithFormattedMessage(true);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithContext(false);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.start();
    return encoder;
  }

  /** Sets the root level and imagecache's own loggers' level (trace, debug, info, warn, error). */
  static void level(String level) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return;
    }
    Level l = Level.toLevel(level, Level.INFO);
    ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(l);
    ctx.getLogger("org.imagecache").setLevel(l);
  }
}
