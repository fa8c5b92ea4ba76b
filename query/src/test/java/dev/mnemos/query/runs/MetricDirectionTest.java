package dev.mnemos.query.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.query.config.QuerySettings;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricDirectionTest {

  private final MetricDirection defaults =
      MetricDirection.byWords(QuerySettings.defaults().lowerIsBetterWords());

  @Test
  void aWordOfTheNameDecides() {
    assertThat(defaults.lowerIsBetter("loss")).isTrue();
    assertThat(defaults.lowerIsBetter("val_loss")).isTrue();
    assertThat(defaults.lowerIsBetter("evaluate.RMSE")).isTrue();
    assertThat(defaults.lowerIsBetter("error-rate")).isTrue();
    assertThat(defaults.lowerIsBetter("p99 latency")).isTrue();
    assertThat(defaults.lowerIsBetter("lossless_ratio")).as("a word, not a prefix").isFalse();
    assertThat(defaults.lowerIsBetter("accuracy")).isFalse();
    assertThat(defaults.lowerIsBetter("auc")).isFalse();
  }

  @Test
  void aQueryNamesMetricsOutright() {
    MetricDirection named = defaults.naming(Set.of("accuracy"), Set.of("loss"));
    assertThat(named.lowerIsBetter("accuracy")).isTrue();
    assertThat(named.lowerIsBetter("loss")).isFalse();
    assertThat(named.lowerIsBetter("val_loss")).isTrue();
    assertThat(named.better("val_loss", 0.2, 0.1)).isEqualTo(0.1);
    assertThat(named.better("auc", 0.2, 0.1)).isEqualTo(0.2);
  }
}
