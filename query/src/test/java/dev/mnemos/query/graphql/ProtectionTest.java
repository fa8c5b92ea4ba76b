package dev.mnemos.query.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.query.testing.QueryStack;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import java.time.Duration;

class ProtectionTest {

  @StoreTest
  void tooDeepQueriesAreRefused(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      String deep =
          "{ node(input: {kind: CONTEXT, id: 1}) { ... on Context { "
              + "parents { ".repeat(25)
              + "id"
              + " }".repeat(25)
              + " } } }";
      assertThat(stack.errorCodes(deep)).containsExactly("TOO_COMPLEX");
    }
  }

  @StoreTest
  void tooComplexQueriesAreRefused(Backend.FreshDatabase db) throws Exception {
    QuerySettings tight =
        QuerySettings.defaults()
            .withLimits(new QuerySettings.Limits(20, 10, 1000, Duration.ofSeconds(30)));
    try (QueryStack stack = QueryStack.start(db, tight)) {
      assertThat(stack.data("{ runs(input: {first: 1}) { totalCount } }")).isNotNull();
      assertThat(
              stack.errorCodes(
                  "{ runs(input: {first: 1}) { totalCount nodes { id name pipeline state startTime"
                      + " endTime executionCount parameters { name value } metrics { name value } } } }"))
          .containsExactly("TOO_COMPLEX");
    }
  }

  @StoreTest
  void queriesPastTheirTimeBudgetStop(Backend.FreshDatabase db) throws Exception {
    QuerySettings instant =
        QuerySettings.defaults()
            .withLimits(new QuerySettings.Limits(20, 5000, 1000, Duration.ZERO));
    try (QueryStack stack = QueryStack.start(db, instant)) {
      Thread.sleep(1);
      assertThat(stack.errorCodes("{ runs(input: {}) { totalCount } }"))
          .containsExactly("TOO_COMPLEX");
    }
  }

  @StoreTest
  void pageSizesAreCapped(Backend.FreshDatabase db) throws Exception {
    try (QueryStack stack = QueryStack.start(db)) {
      assertThat(stack.errorCodes("{ runs(input: {first: 1001}) { totalCount } }"))
          .containsExactly("BAD_INPUT");
      assertThat(stack.errorCodes("{ search(input: {text: \"x\", first: 1001}) { totalHits } }"))
          .containsExactly("BAD_INPUT");
      assertThat(stack.errorCodes("{ executions(input: {first: 0}) { nodes { id } } }"))
          .containsExactly("BAD_INPUT");
    }
  }
}
