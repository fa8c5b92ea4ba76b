package dev.mnemos.query.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.query.testing.Pipelines;
import dev.mnemos.query.testing.QueryStack;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A page of runs with their contexts, parameters and metrics, and each metric's source with its
 * contexts, costs the same number of SQL statements for 10 runs as for 100: each level of the query
 * is one batch per DataLoader.
 */
class BatchingTest {

  /** No background look for other writers while statements are counted. */
  private static final QuerySettings QUIET =
      QuerySettings.defaults().withSearchPollInterval(Duration.ofHours(1));

  private static final String QUERY =
      "{ runs(input: {first: 100}) { totalCount nodes { name pipeline"
          + " context { name parents { name } }"
          + " parameters { name value } metrics { name value"
          + " source { id ... on Artifact { uri contexts { name } runs { name } producedBy { id } } } } } } }";

  private static long statementsOfQuery(QueryStack stack, int runs) throws InterruptedException {
    Pipelines pipelines = new Pipelines(stack);
    for (int i = 0; i < runs; i++) {
      pipelines.v2Run(
          "churn",
          "run-" + runs + "-" + i,
          Map.of("lr", i / 100.0),
          Map.of("accuracy", i / 100.0),
          Execution.State.COMPLETE);
    }
    stack.awaitSearch(); // the index reads the store in the background; let it finish first
    long before = stack.statements();
    Map<String, Object> data = stack.data(QUERY);
    long used = stack.statements() - before;
    @SuppressWarnings("unchecked")
    List<?> nodes = (List<?>) ((Map<String, Object>) data.get("runs")).get("nodes");
    assertThat(nodes).hasSize(runs);
    return used;
  }

  @StoreTest
  void aHundredRunsCostNoMoreStatementsThanTen(
      Backend.FreshDatabase small, Backend.FreshDatabase large) throws Exception {
    long ten;
    try (QueryStack stack = QueryStack.start(small, QUIET)) {
      ten = statementsOfQuery(stack, 10);
    }
    long hundred;
    try (QueryStack stack = QueryStack.start(large, QUIET)) {
      hundred = statementsOfQuery(stack, 100);
    }
    assertThat(hundred).as("statements for 100 runs vs 10").isEqualTo(ten);
    assertThat(hundred).as("statements for the whole query").isLessThanOrEqualTo(25);
  }
}
