package dev.mnemos.query.lifecycle;

import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.ArtifactMark;
import java.util.Optional;

/**
 * A request to delete runs, as every interface takes it.
 *
 * @param runs which runs
 * @param protectedArtifacts an MLMD filter_query over artifacts: the ones it matches stay, with
 *     everything upstream (besides what the server's own protection keeps)
 * @param protectedExecutions the same over executions
 * @param dryRun answer what would be removed, and write nothing
 * @param runsPerBatch runs per write transaction; empty: as many as take about {@link
 *     RunLifecycle#BATCH_TIME}
 * @param mark instead of removing anything, set this state on the artifacts that would go
 */
public record DeletionOrder(
    RunSelection runs,
    Optional<String> protectedArtifacts,
    Optional<String> protectedExecutions,
    boolean dryRun,
    Optional<Integer> runsPerBatch,
    Optional<ArtifactMark> mark) {

  public DeletionOrder {
    protectedArtifacts = protectedArtifacts.filter(f -> !f.isBlank());
    protectedExecutions = protectedExecutions.filter(f -> !f.isBlank());
    if (runsPerBatch.isPresent() && (runsPerBatch.get() < 1 || runsPerBatch.get() > 10_000)) {
      throw StoreException.invalidArgument(
          "runs per batch must be between 1 and 10000, not " + runsPerBatch.get());
    }
  }
}
