package dev.mnemos.query.summary;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.server.store.GraphReads;
import dev.mnemos.server.store.GraphReads.PropertyEntry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;

/**
 * Recomputes the summary rows that depend on a set of changed nodes, inside the transaction that
 * changed them: the run rows of every run those nodes belong to ({@link RunRowWriter}), the
 * parameters recorded by changed executions ({@link ParameterWriter}), and the scalar metrics of
 * changed executions and metrics artifacts ({@link MetricWriter}). MLMD's tables are read through
 * {@link GraphReads}. The number of statements depends on the kinds of nodes changed, not on how
 * many.
 */
final class RunSummaryWriter {

  /** A summary row's size in a statement when none of its columns can be long. */
  static final long SMALL_ROW_BYTES = 1024;

  private final QuerySettings settings;

  RunSummaryWriter(QuerySettings settings) {
    this.settings = settings;
  }

  /**
   * Recomputes what depends on the given nodes: {@code contexts} touched in any way (put, or gained
   * a member or a parent), of which {@code renamedContexts} were put (a pipeline's new name reaches
   * its runs).
   */
  void update(
      DSLContext sql,
      Set<Long> artifacts,
      Set<Long> executions,
      Set<Long> contexts,
      Set<Long> renamedContexts) {
    GraphReads reads = GraphReads.in(sql);
    SummaryTypes types = SummaryTypes.lookUp(reads, settings);
    if (types.runTypes().isEmpty()) {
      return;
    }
    RunMembership membership = new RunMembership(reads, types);
    Map<Long, Set<Long>> runsOfExecution = membership.runsOf(NodeKind.EXECUTION, executions);
    Set<Long> runs = new TreeSet<>();
    runsOfExecution.values().forEach(runs::addAll);
    if (!contexts.isEmpty()) {
      runs.addAll(membership.runsAmong(contexts));
    }
    if (!renamedContexts.isEmpty()) {
      // Only a put can rename; a pipeline merely gaining members changes none of its runs.
      runs.addAll(membership.runsUnder(renamedContexts));
    }
    new RunRowWriter(sql, reads, types, membership).write(runs);
    List<PropertyEntry> executionProperties = reads.properties(NodeKind.EXECUTION, executions);
    new ParameterWriter(sql).write(executions, runsOfExecution, executionProperties);
    new MetricWriter(sql, reads, types, membership, settings)
        .write(artifacts, executions, runsOfExecution, executionProperties);
  }
}
