package dev.mnemos.server.model;

import java.util.Optional;
import java.util.Set;

/**
 * A breadth-first walk over events from artifacts and executions: at most {@code maxHops} hops in
 * {@code direction}, at most {@code maxNodes} nodes kept. Nodes failing a boundary filter (an MLMD
 * {@code filter_query} over artifacts or executions) are neither kept nor walked through.
 */
public record LineageQuery(
    Set<NodeRef> start,
    Direction direction,
    int maxHops,
    int maxNodes,
    Optional<String> artifactBoundary,
    Optional<String> executionBoundary) {

  /** Which events a hop may follow. */
  public enum Direction {
    /** From an artifact to the execution that output it, from an execution to its inputs. */
    UPSTREAM,
    /** From an artifact to the executions that read it, from an execution to its outputs. */
    DOWNSTREAM,
    BOTH
  }

  public LineageQuery {
    start = Set.copyOf(start);
  }
}
