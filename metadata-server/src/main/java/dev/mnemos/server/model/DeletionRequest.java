package dev.mnemos.server.model;

import java.util.Optional;
import java.util.Set;

/**
 * Runs to delete, under the rule of docs/lifecycle.md: what belongs only to them goes, unless
 * something that stays descends from it in lineage or a protection filter names it.
 *
 * @param runIds the run contexts to delete; their child contexts of run types go with them
 * @param runTypes the names of the context types whose contexts are runs: membership in another run
 *     keeps a node, membership in any other context (a pipeline) neither keeps nor condemns it
 * @param protectedArtifacts an MLMD filter_query over artifacts: the ones it matches stay, with
 *     everything upstream of them
 * @param protectedExecutions the same over executions
 */
public record DeletionRequest(
    Set<Long> runIds,
    Set<String> runTypes,
    Optional<String> protectedArtifacts,
    Optional<String> protectedExecutions) {

  public DeletionRequest {
    runIds = Set.copyOf(runIds);
    runTypes = Set.copyOf(runTypes);
  }
}
