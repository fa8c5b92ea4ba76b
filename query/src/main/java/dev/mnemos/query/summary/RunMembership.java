package dev.mnemos.query.summary;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.server.store.GraphReads;
import dev.mnemos.server.store.GraphReads.NodeHeader;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which runs (contexts of a run type) nodes belong to. Two indexed lookups each time, members'
 * contexts and then which of those are runs: as one join, SQLite starts from the run type's
 * contexts and reads every run's members, which at a million nodes takes minutes per batch. Types
 * are compared in Java, not SQL, for a like reason: given `type_id IN` and no statistics, SQLite
 * reads every context of the type instead of the few asked for. One instance serves one
 * transaction's summaries and keeps the context headers it read: the run rows and the metrics ask
 * again for the contexts the memberships found.
 */
final class RunMembership {

  private final GraphReads reads;
  private final SummaryTypes types;
  private final Map<Long, NodeHeader> contexts = new HashMap<>();

  RunMembership(GraphReads reads, SummaryTypes types) {
    this.reads = reads;
    this.types = types;
  }

  /** The runs each of the artifacts or executions belongs to; members of no run are left out. */
  Map<Long, Set<Long>> runsOf(NodeKind memberKind, Collection<Long> members) {
    Map<Long, Set<Long>> contextsOf = reads.contextsOf(memberKind, members);
    Set<Long> contexts = new TreeSet<>();
    contextsOf.values().forEach(contexts::addAll);
    Set<Long> runs = runsAmong(contexts);
    Map<Long, Set<Long>> runsOf = new TreeMap<>();
    contextsOf.forEach(
        (id, memberOf) -> {
          Set<Long> itsRuns = new TreeSet<>(memberOf);
          itsRuns.retainAll(runs);
          if (!itsRuns.isEmpty()) {
            runsOf.put(id, itsRuns);
          }
        });
    return runsOf;
  }

  /** Which of the contexts are runs. */
  Set<Long> runsAmong(Collection<Long> contexts) {
    Set<Long> runs = new TreeSet<>();
    headers(contexts)
        .forEach(
            (id, context) -> {
              if (types.runTypes().contains(context.typeId())) {
                runs.add(id);
              }
            });
    return runs;
  }

  /** The headers of the contexts among {@code ids}, each read once in this transaction. */
  Map<Long, NodeHeader> headers(Collection<Long> ids) {
    List<Long> unread = ids.stream().filter(id -> !contexts.containsKey(id)).distinct().toList();
    if (!unread.isEmpty()) {
      contexts.putAll(reads.headers(NodeKind.CONTEXT, unread));
    }
    Map<Long, NodeHeader> found = new TreeMap<>();
    for (long id : ids) {
      NodeHeader header = contexts.get(id);
      if (header != null) {
        found.put(id, header);
      }
    }
    return found;
  }

  /** Runs whose pipeline may have been renamed: children of contexts that were put. */
  Set<Long> runsUnder(Collection<Long> contexts) {
    return runsAmong(reads.children(contexts));
  }
}
