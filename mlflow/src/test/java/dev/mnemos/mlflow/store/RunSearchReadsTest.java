package dev.mnemos.mlflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.mlflow.TrackingServer;
import dev.mnemos.mlflow.model.Run;
import dev.mnemos.mlflow.model.ViewType;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import java.util.List;

/**
 * A run search reads what its filter and order compare, key by key over all the runs, and whole
 * runs only for its page: its statements do not grow with the runs searched.
 */
class RunSearchReadsTest {

  @StoreTest
  void aSearchRunsAsManyStatementsOverFiftyRunsAsOverTen(Backend.FreshDatabase db)
      throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      String experiment = server.createExperiment("e");
      long[] statements = new long[2];
      int logged = 0;
      for (int round = 0; round < 2; round++) {
        for (int goal = round == 0 ? 10 : 50; logged < goal; logged++) {
          String runId = server.createRun(experiment, 1000 + logged);
          server.ok(
              "runs/log-batch",
              """
              {"run_id": "%s", "params": [{"key": "opt", "value": "%s"}],
               "metrics": [{"key": "loss", "value": %s, "timestamp": 1, "step": 0}],
               "tags": [{"key": "team", "value": "t%d"}]}"""
                  .formatted(runId, logged % 2 == 0 ? "adam" : "sgd", logged / 100.0, logged % 3));
        }
        long before = server.store().database().statementCount();
        List<Run> page = search(server, experiment);
        statements[round] = server.store().database().statementCount() - before;

        // The lowest losses of the adam runs of team t0 or t1, three of them.
        assertThat(page)
            .extracting(run -> run.params().get("opt"), run -> run.tags().get("team"))
            .allSatisfy(
                values -> {
                  assertThat(values.toList()).first().isEqualTo("adam");
                  assertThat(values.toList().get(1)).isIn("t0", "t1");
                });
        assertThat(page)
            .extracting(run -> run.metrics().getFirst().value())
            .containsExactly(0.0, 0.04, 0.06);
      }
      assertThat(statements[1]).as("statements of a search over 50 runs").isEqualTo(statements[0]);
    }
  }

  private static List<Run> search(TrackingServer server, String experiment) {
    return server
        .tracking()
        .searchRuns(
            List.of(experiment),
            "params.opt = 'adam' and tags.team != 't2'",
            ViewType.ACTIVE_ONLY,
            3,
            List.of("metrics.loss"),
            "")
        .items();
  }
}
