package dev.mnemos.server.model;

import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a deletion of runs removed, or would remove when it is a dry run.
 *
 * @param removedRuns the run contexts removed
 * @param retainedRuns the runs asked for that stay, holding only what must stay (each carries the
 *     custom property {@code mnemos_retained_for_lineage})
 * @param artifacts the artifacts removed
 * @param executions the executions removed
 * @param artifactUris the URI of each removed artifact that had one: the objects an operator's own
 *     tool may delete
 */
public record DeletionReport(
    SortedSet<Long> removedRuns,
    SortedSet<Long> retainedRuns,
    SortedSet<Long> artifacts,
    SortedSet<Long> executions,
    SortedMap<Long, String> artifactUris) {

  public DeletionReport {
    removedRuns = Collections.unmodifiableSortedSet(new TreeSet<>(removedRuns));
    retainedRuns = Collections.unmodifiableSortedSet(new TreeSet<>(retainedRuns));
    artifacts = Collections.unmodifiableSortedSet(new TreeSet<>(artifacts));
    executions = Collections.unmodifiableSortedSet(new TreeSet<>(executions));
    artifactUris = Collections.unmodifiableSortedMap(new TreeMap<>(artifactUris));
  }

  public static final DeletionReport NOTHING =
      new DeletionReport(
          new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), new TreeMap<>());

  /**
   * This report followed by a later step's: removals add up; the runs retained are the later
   * step's, less those it removed.
   */
  public DeletionReport then(DeletionReport later) {
    SortedSet<Long> runs = new TreeSet<>(removedRuns);
    runs.addAll(later.removedRuns);
    SortedSet<Long> retained = new TreeSet<>(retainedRuns);
    retained.addAll(later.retainedRuns);
    retained.removeAll(runs);
    SortedSet<Long> removedArtifacts = new TreeSet<>(artifacts);
    removedArtifacts.addAll(later.artifacts);
    SortedSet<Long> removedExecutions = new TreeSet<>(executions);
    removedExecutions.addAll(later.executions);
    SortedMap<Long, String> uris = new TreeMap<>(artifactUris);
    uris.putAll(later.artifactUris);
    return new DeletionReport(runs, retained, removedArtifacts, removedExecutions, uris);
  }

  /** Whether nothing was removed. */
  public boolean removedNothing() {
    return removedRuns.isEmpty() && artifacts.isEmpty() && executions.isEmpty();
  }
}
