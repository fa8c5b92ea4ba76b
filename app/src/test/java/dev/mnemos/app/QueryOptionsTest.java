package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.query.config.QuerySettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class QueryOptionsTest {

  private static QuerySettings parsed(String... args) {
    QueryOptions options = new QueryOptions();
    new CommandLine(options).parseArgs(args);
    return options.settings();
  }

  @Test
  void theWordsOfMetricsBetterLowComeFromTheFlagOrTheDefaults() {
    assertThat(parsed().lowerIsBetterWords()).contains("loss", "rmse", "latency");
    assertThat(parsed("--metrics_lower_is_better=cost,wer").lowerIsBetterWords())
        .containsExactlyInAnyOrder("cost", "wer");
    assertThat(parsed("--run_types=MyRun").runTypes()).containsExactly("MyRun");
  }
}
