package dev.mnemos.query.lifecycle;

import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.auth.RequestCaller;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.DeletionReport;
import dev.mnemos.server.model.DeletionRequest;
import dev.mnemos.server.store.BatchPace;
import dev.mnemos.server.store.MetadataStore;
import dev.mnemos.server.store.RunDeletions;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Deletes runs as an operator asks: the runs a {@link RunSelection} names, under the store's rule,
 * with the server's protection filter besides the request's. What every interface calls.
 */
public final class RunLifecycle {

  /**
   * How long a batch's write transaction should take unless a request fixes its runs: every write
   * arriving meanwhile waits for it, and this is about what a step's own write takes.
   */
  public static final Duration BATCH_TIME = Duration.ofMillis(50);

  private final MetadataStore store;
  private final QuerySettings settings;
  private final Protection protection;

  /**
   * @param protection what stays whatever a request says (the server's --protect filters)
   */
  public RunLifecycle(MetadataStore store, QuerySettings settings, Protection protection) {
    this.store = store;
    this.settings = settings;
    this.protection = protection;
  }

  /**
   * Filters over artifacts and executions whose matches stay, with everything upstream of them.
   * Empty: none.
   */
  public record Protection(Optional<String> artifacts, Optional<String> executions) {
    public static final Protection NONE = new Protection(Optional.empty(), Optional.empty());
  }

  /**
   * Deletes, or with {@link DeletionOrder#dryRun} plans, or with {@link DeletionOrder#mark} marks,
   * what the order names, as {@code caller}.
   *
   * @param progress told after each batch of a deletion (a dry run and marking have none)
   * @return what was (or would be) removed, and the runs that stay for lineage
   * @throws StoreException PERMISSION_DENIED for a caller who is not an admin; INVALID_ARGUMENT and
   *     NOT_FOUND as {@link RunDeletions#plan}
   */
  public DeletionReport delete(
      Caller caller, DeletionOrder order, Consumer<RunDeletions.Progress> progress) {
    if (!caller.admin()) {
      throw new StoreException(
          ErrorCode.PERMISSION_DENIED, caller.name() + " may not delete runs: admins only");
    }
    return ScopedValue.where(RequestCaller.CURRENT, caller).call(() -> delete(order, progress));
  }

  private DeletionReport delete(DeletionOrder order, Consumer<RunDeletions.Progress> progress) {
    Optional<String> runType = order.runs().runType();
    if (runType.isPresent() && !settings.runTypes().contains(runType.get())) {
      throw StoreException.invalidArgument(
          runType.get() + " is not a run type of this server: " + settings.runTypes());
    }
    Set<Long> runs = store.database().read(sql -> RunSelector.select(sql, order.runs()));
    if (runs.isEmpty()) {
      return DeletionReport.NOTHING;
    }
    DeletionRequest request =
        new DeletionRequest(
            runs,
            settings.runTypes(),
            either(protection.artifacts(), order.protectedArtifacts()),
            either(protection.executions(), order.protectedExecutions()));
    if (order.dryRun()) {
      return store.deletions().plan(request);
    }
    if (order.mark().isPresent()) {
      return store.deletions().mark(request, order.mark().get());
    }
    return store
        .deletions()
        .delete(
            request,
            order.runsPerBatch().map(BatchPace::fixed).orElseGet(() -> BatchPace.timed(BATCH_TIME)),
            progress);
  }

  /** A filter matching what either matches. */
  private static Optional<String> either(Optional<String> first, Optional<String> second) {
    if (first.isEmpty()) {
      return second;
    }
    if (second.isEmpty()) {
      return first;
    }
    return Optional.of("(" + first.get() + ") OR (" + second.get() + ")");
  }
}
