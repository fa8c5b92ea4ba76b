package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** With --log_format=json every log line is one JSON object a collector can read. */
class LogFormatTest {

  @AfterEach
  void backToText() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @Test
  void jsonLogLinesCarryLevelLoggerMessageAndTheError(@TempDir Path data) {
    CommandRun.Outcome outcome =
        CommandRun.run(
            "serve",
            "--log_format=json",
            "--grpc_port=0",
            "--http_port=0",
            "--data_dir=" + data,
            "--mysql_config_host=127.0.0.1",
            "--mysql_config_port=1",
            "--metadata_store_connection_retries=1");

    assertThat(outcome.exitCode()).isEqualTo(1);
    List<JsonObject> lines =
        outcome
            .err()
            .lines()
            .filter(line -> line.startsWith("{"))
            .map(line -> JsonParser.parseString(line).getAsJsonObject())
            .toList();
    assertThat(lines)
        .anySatisfy(
            line -> {
              assertThat(line.get("level").getAsString()).isEqualTo("WARN");
              assertThat(line.get("logger").getAsString())
                  .isEqualTo("dev.mnemos.app.MnemosServices");
              assertThat(line.get("message").getAsString())
                  .startsWith("Cannot open the database yet (cannot connect to jdbc:mysql://");
              assertThat(line.get("time").getAsString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            });
    assertThat(outcome.err().lines().filter(line -> !line.startsWith("{")))
        .as("only the one-line failure is not JSON")
        .singleElement()
        .asString()
        .startsWith("mnemos: UNAVAILABLE: cannot connect");
  }

  @Test
  void anUnknownFormatIsRefused() {
    CommandRun.Outcome outcome = CommandRun.run("serve", "--log_format=xml");
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).contains("'xml' is neither text nor json");
  }
}
