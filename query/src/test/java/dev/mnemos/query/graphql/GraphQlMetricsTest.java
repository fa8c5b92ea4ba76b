package dev.mnemos.query.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A client choosing operation names cannot make the scrape grow without bound. */
class GraphQlMetricsTest {

  @Test
  void operationLabelsAreBoundedAndOutcomesAreErrorCodes() {
    PrometheusRegistry registry = new PrometheusRegistry();
    GraphQlMetrics metrics = new GraphQlMetrics(registry);
    for (int i = 0; i < 150; i++) {
      metrics.observe("Op" + i, Map.of("data", Map.of()), 1_000);
    }
    metrics.observe(null, Map.of(), 1_000);
    metrics.observe("not a name; DROP", Map.of(), 1_000);
    metrics.observe(
        "Op0", Map.of("errors", List.of(Map.of("extensions", Map.of("code", "BAD_INPUT")))), 1_000);

    CounterSnapshot requests =
        (CounterSnapshot)
            registry.scrape().stream()
                .filter(s -> s.getMetadata().getName().equals("mnemos_graphql_requests"))
                .findFirst()
                .orElseThrow();
    Set<String> operations =
        requests.getDataPoints().stream()
            .map(point -> point.getLabels().get("operation"))
            .collect(Collectors.toSet());
    assertThat(operations).hasSize(102).contains("Op0", "Op99", "other", "anonymous");
    assertThat(operations).doesNotContain("Op100", "not a name; DROP");
    assertThat(
            requests.getDataPoints().stream()
                .filter(point -> "other".equals(point.getLabels().get("operation")))
                .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
                .sum())
        .isEqualTo(51);
    assertThat(
            requests.getDataPoints().stream()
                .anyMatch(
                    point ->
                        "Op0".equals(point.getLabels().get("operation"))
                            && "BAD_INPUT".equals(point.getLabels().get("outcome"))))
        .isTrue();
  }
}
