package dev.mnemos.mlflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.mlflow.TrackingServer;
import dev.mnemos.mlflow.model.HistoryBucket;
import dev.mnemos.mlflow.model.HistorySummary;
import dev.mnemos.mlflow.model.StepRange;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;

/** A metric's history summarised in buckets for charts, on every backend. */
class HistorySummaryTest {

  @StoreTest
  void bucketsKeepSpanFirstLastAndTheExtremesBetweenSampledPoints(Backend.FreshDatabase db)
      throws Exception {
    try (TrackingServer server = TrackingServer.start(db)) {
      String runId = server.createRun(server.createExperiment("e"), 1000);
      StringBuilder metrics = new StringBuilder();
      for (int step = 0; step < 10; step++) {
        double value = step == 5 ? 7.0 : step / 10.0;
        metrics.append(
            "{\"key\": \"loss\", \"value\": %s, \"timestamp\": %d, \"step\": %d},"
                .formatted(value, 100 + step, step));
      }
      // A NaN at step 2, logged after the number there: it ends the first bucket.
      metrics.append("{\"key\": \"loss\", \"value\": \"NaN\", \"timestamp\": 200, \"step\": 2}");
      server.ok(
          "runs/log-batch", "{\"run_id\": \"" + runId + "\", \"metrics\": [" + metrics + "]}");
      long context = server.runContextId(runId);
      TrackingStore tracking = server.tracking();

      // Eleven values in buckets of 4, 4 and 3.
      HistorySummary summary = tracking.historySummary(context, "loss", null, 3);
      assertThat(summary.buckets())
          .containsExactly(
              new HistoryBucket(0, 2, 4, 0.0, Double.NaN, 0.0, 0.2),
              new HistoryBucket(3, 6, 4, 0.3, 0.6, 0.3, 7.0),
              new HistoryBucket(7, 9, 3, 0.7, 0.9, 0.7, 0.9));
      assertThat(summary.count()).isEqualTo(11);
      assertThat(summary.min()).isEqualTo(0.0);
      // The spike survives though no bucket starts or ends on it.
      assertThat(summary.max()).isEqualTo(7.0);

      // The same values again, twice in one batch: each kept once, as MLflow keeps them.
      server.ok(
          "runs/log-batch",
          "{\"run_id\": \"" + runId + "\", \"metrics\": [" + metrics + "," + metrics + "]}");
      assertThat(tracking.historySummary(context, "loss", null, 3)).isEqualTo(summary);

      HistorySummary window = tracking.historySummary(context, "loss", new StepRange(5, 6), 100);
      assertThat(window.buckets())
          .containsExactly(
              new HistoryBucket(5, 5, 1, 7.0, 7.0, 7.0, 7.0),
              new HistoryBucket(6, 6, 1, 0.6, 0.6, 0.6, 0.6));

      assertThat(tracking.historySummary(context, "acc", null, 10).buckets()).isEmpty();
      // A context that is no MLflow run: its experiment's.
      long experiment =
          server
              .store()
              .graph()
              .nodeByTypeAndName(
                  dev.mnemos.migrations.NodeKind.CONTEXT,
                  new dev.mnemos.server.model.TypeRef("mlflow.Experiment", ""),
                  "e")
              .orElseThrow()
              .storedId();
      assertThat(tracking.historySummary(experiment, "loss", null, 10).buckets()).isEmpty();
      assertThatThrownBy(() -> tracking.historySummary(context, "loss", null, 0))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
      assertThatThrownBy(() -> tracking.historySummary(context, "loss", new StepRange(3, 1), 5))
          .isInstanceOf(StoreException.class);
    }
  }
}
