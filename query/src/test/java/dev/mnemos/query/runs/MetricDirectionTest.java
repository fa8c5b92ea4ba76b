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
  }

  @Test
  void theStepThatRecordedAMetricDoesNotTurnIt() {
    assertThat(defaults.lowerIsBetter(new MetricKey("error_analysis", "accuracy"))).isFalse();
    assertThat(defaults.lowerIsBetter(new MetricKey("evaluate", "loss"))).isTrue();
  }

  @Test
  void aQueryNamesAStepsMetricOrEveryStepsByName() {
    MetricDirection named = defaults.naming(Set.of("evaluate.score"), Set.of("loss"));
    assertThat(named.lowerIsBetter(new MetricKey("evaluate", "score"))).isTrue();
    assertThat(named.lowerIsBetter(new MetricKey("train", "score"))).isFalse();
    assertThat(named.lowerIsBetter(new MetricKey("train", "loss"))).isFalse();
  }
}
