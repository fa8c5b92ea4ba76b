package dev.mnemos.server.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
    Sum sum = new Sum();
    sum.add(this);
    sum.add(later);
    return sum.report();
  }

  /**
   * The reports of a deletion's steps added up as {@link #then} does, in time linear in what the
   * steps removed: a deletion of many small batches would copy everything removed so far after
   * each.
   */
  public static final class Sum {
    private final SortedSet<Long> removedRuns = new TreeSet<>();
    private final SortedSet<Long> retainedRuns = new TreeSet<>();
    private final SortedSet<Long> artifacts = new TreeSet<>();
    private final SortedSet<Long> executions = new TreeSet<>();
    private final SortedMap<Long, String> artifactUris = new TreeMap<>();

    /** Adds a later step's report. */
    public void add(DeletionReport later) {
      removedRuns.addAll(later.removedRuns);
      retainedRuns.removeAll(later.removedRuns);
      later.retainedRuns.stream()
          .filter(run -> !removedRuns.contains(run))
          .forEach(retainedRuns::add);
      artifacts.addAll(later.artifacts);
      executions.addAll(later.executions);
      artifactUris.putAll(later.artifactUris);
    }

    /** The runs retained by now, newest first. */
    public List<Long> retainedNewestFirst() {
      return new ArrayList<>(retainedRuns.reversed());
    }

    public DeletionReport report() {
      return new DeletionReport(removedRuns, retainedRuns, artifacts, executions, artifactUris);
    }
  }

  /** Whether nothing was removed. */
  public boolean removedNothing() {
    return removedRuns.isEmpty() && artifacts.isEmpty() && executions.isEmpty();
  }
}
