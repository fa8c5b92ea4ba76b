package dev.mnemos.server.store;

import dev.mnemos.server.change.ChangeSet;

/**
 * MLMD relations one write implies beyond what it names (an execution that names an MLflow run
 * joins that run's context), made in the same transaction: it runs after each write's own work and
 * before the listeners, and what it writes through the writer is recorded as that write's, so the
 * summaries, namespaces and search see it as they see the rest. A refusal it throws refuses the
 * write.
 */
@FunctionalInterface
public interface WriteDerivation {

  /**
   * Derives from {@code changes}, what the write changed (not what derivations add); {@code writer}
   * writes in its transaction.
   */
  void derive(GraphWriter writer, ChangeSet changes);
}
