package dev.mnemos.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One JSON object per log event and line, as log collectors (Loki, Elasticsearch, Cloud Logging)
 * read them: {@code time}, {@code level}, {@code logger}, {@code thread}, {@code message}, and
 * {@code error} with the stack trace when there is one.
 */
public final class JsonLines extends EncoderBase<ILoggingEvent> {

  @Override
  public byte @Nullable [] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    StringWriter line = new StringWriter();
    try (JsonWriter json = new JsonWriter(line)) {
      json.setHtmlSafe(false);
      json.beginObject();
      json.name("time").value(Instant.ofEpochMilli(event.getTimeStamp()).toString());
      json.name("level").value(event.getLevel().toString());
      json.name("logger").value(event.getLoggerName());
      json.name("thread").value(event.getThreadName());
      json.name("message").value(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        json.name("error").value(ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
      json.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    line.append('\n');
    return line.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte @Nullable [] footerBytes() {
    return null;
  }
}
