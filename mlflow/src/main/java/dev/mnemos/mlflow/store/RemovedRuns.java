package dev.mnemos.mlflow.store;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.server.change.ChangeListener;
import dev.mnemos.server.change.ChangeSet;
import dev.mnemos.server.store.IdChunks;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * Forgets the metric history, input tags and logged-model inputs and outputs of run contexts the
 * store deleted (by {@code mnemos gc} or retention), and the input tags of datasets and the metrics
 * of logged models it deleted, in the transaction that deletes them.
 */
final class RemovedRuns implements ChangeListener {

  @Override
  public void beforeCommit(DSLContext sql, ChangeSet changes) {
    Set<Long> removed = changes.removed(NodeKind.CONTEXT);
    for (List<Long> chunk : IdChunks.of(removed)) {
      MetricHistory.forget(sql, chunk);
      RunInputs.forget(sql, chunk);
      RunModels.forget(sql, chunk);
    }
    for (List<Long> chunk : IdChunks.of(changes.removed(NodeKind.ARTIFACT))) {
      RunInputs.forgetDatasets(sql, chunk);
      ModelMetrics.forget(sql, chunk);
    }
  }
}
