package dev.mnemos.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * How the server logs: text lines (the default) or, with {@code --log_format=json}, one JSON object
 * per line. Libraries that log through java.util.logging (gRPC, Lucene) go the same way.
 */
final class LogFormat {

  enum Format {
    TEXT,
    JSON
  }

  @Option(
      names = "--log_format",
      defaultValue = "text",
      converter = FormatConverter.class,
      description = "text (default) or json: one JSON object per line, for log collectors.")
  Format format = Format.TEXT;

  static final class FormatConverter implements ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      return switch (value) {
        case "text" -> Format.TEXT;
        case "json" -> Format.JSON;
        default -> throw new TypeConversionException("'" + value + "' is neither text nor json");
      };
    }
  }

  /** Applies the format to every log line from now on. */
  void apply() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
    if (format != Format.JSON
        || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    if (root.getAppender("stderr") instanceof ConsoleAppender<ILoggingEvent> stderr) {
      JsonLines json = new JsonLines();
      json.setContext(context);
      json.start();
      stderr.stop();
      stderr.setEncoder(json);
      stderr.start();
    }
  }
}
