package dev.mnemos.query.graphql;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * GraphQL requests by operation and outcome, with their time. Operation names are the client's, so
 * they are labels only while they look like names and are few: past {@value #MAX_OPERATIONS}
 * distinct names, or for anonymous requests, the label is "other" or "anonymous", and a client
 * cannot make the scrape grow without bound.
 */
public final class GraphQlMetrics {

  private static final int MAX_OPERATIONS = 100;
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  private final Counter requests;
  private final Histogram seconds;
  private final Set<String> operations = ConcurrentHashMap.newKeySet();

  public GraphQlMetrics(PrometheusRegistry registry) {
    requests =
        Counter.builder()
            .name("mnemos_graphql_requests_total")
            .help("GraphQL requests, by operation name and outcome (ok, or the first error code).")
            .labelNames("operation", "outcome")
            .register(registry);
    seconds =
        Histogram.builder()
            .name("mnemos_graphql_request_seconds")
            .help("Time to answer a GraphQL request, by operation name.")
            .labelNames("operation")
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
            .register(registry);
  }

  /** Metrics nobody reads: for an engine outside a server. */
  static GraphQlMetrics unread() {
    return new GraphQlMetrics(new PrometheusRegistry());
  }

  void observe(@Nullable String operationName, Map<String, Object> response, long nanos) {
    String operation = label(operationName);
    requests.labelValues(operation, outcome(response)).inc();
    seconds.labelValues(operation).observe(nanos / 1e9);
  }

  private String label(@Nullable String operationName) {
    if (operationName == null || operationName.isEmpty()) {
      return "anonymous";
    }
    if (!NAME.matcher(operationName).matches()) {
      return "other";
    }
    if (operations.contains(operationName)) {
      return operationName;
    }
    synchronized (operations) {
      if (operations.size() < MAX_OPERATIONS) {
        operations.add(operationName);
        return operationName;
      }
    }
    return "other";
  }

  private static String outcome(Map<String, Object> response) {
    if (!(response.get("errors") instanceof List<?> errors) || errors.isEmpty()) {
      return "ok";
    }
    if (errors.getFirst() instanceof Map<?, ?> error
        && error.get("extensions") instanceof Map<?, ?> extensions
        && extensions.get("code") instanceof String code) {
      return code;
    }
    return ErrorCodes.INTERNAL;
  }
}
