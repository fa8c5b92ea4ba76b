package dev.mnemos.query.admin;

import dev.mnemos.proto.admin.DeleteRunsProgress;
import dev.mnemos.proto.admin.DeleteRunsRequest;
import dev.mnemos.proto.admin.LifecycleGrpc;
import dev.mnemos.proto.admin.RemovedArtifact;
import dev.mnemos.proto.admin.Totals;
import dev.mnemos.query.lifecycle.DeletionOrder;
import dev.mnemos.query.lifecycle.RunLifecycle;
import dev.mnemos.query.lifecycle.RunSelection;
import dev.mnemos.server.grpc.CallerInterceptor;
import dev.mnemos.server.grpc.Calls;
import dev.mnemos.server.model.ArtifactMark;
import dev.mnemos.server.model.DeletionReport;
import dev.mnemos.server.store.RunDeletions;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/** {@code mnemos.admin.v1.Lifecycle}: deleting runs, for admins. */
public final class LifecycleGrpcService extends LifecycleGrpc.LifecycleImplBase {

  /** Ids per message, so that no answer nears a client's 4 MiB default limit. */
  static final int IDS_PER_MESSAGE = 10_000;

  private final RunLifecycle lifecycle;

  public LifecycleGrpcService(RunLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public void deleteRuns(DeleteRunsRequest request, StreamObserver<DeleteRunsProgress> observer) {
    Calls.streaming(
        observer,
        () -> {
          DeletionOrder order = order(request);
          AtomicReference<RunDeletions.Progress> latest = new AtomicReference<>();
          DeletionReport report =
              lifecycle.delete(
                  CallerInterceptor.current(),
                  order,
                  progress -> {
                    latest.set(progress);
                    for (DeleteRunsProgress.Builder slice : slices(progress.batch(), false)) {
                      observer.onNext(
                          slice
                              .setRunsExamined(progress.runsExamined())
                              .setRunsSelected(progress.runsSelected())
                              .build());
                    }
                  });
          observeEnd(observer, order, report, Optional.ofNullable(latest.get()));
        });
  }

  /**
   * The last messages: a dry run's plan or what was marked, in slices; after a deletion, which
   * listed its removals batch by batch, nothing more. The very last has the totals and the runs
   * retained.
   */
  private static void observeEnd(
      StreamObserver<DeleteRunsProgress> observer,
      DeletionOrder order,
      DeletionReport report,
      Optional<RunDeletions.Progress> progress) {
    boolean listed = progress.isPresent();
    boolean dryRun = order.dryRun();
    long planned = report.removedRuns().size() + report.retainedRuns().size();
    List<DeleteRunsProgress.Builder> last =
        listed ? List.of(DeleteRunsProgress.newBuilder()) : slices(report, dryRun);
    last.getLast()
        .setDone(true)
        .setTotals(
            Totals.newBuilder()
                .setRemovedRuns(report.removedRuns().size())
                .setRetainedRuns(report.retainedRuns().size())
                .setRemovedArtifacts(report.artifacts().size())
                .setRemovedExecutions(report.executions().size()))
        .addAllRetainedRunIds(report.retainedRuns());
    for (DeleteRunsProgress.Builder message : last) {
      order.mark().filter(m -> !dryRun).ifPresent(m -> message.setMark(wire(m)));
      observer.onNext(
          message
              .setDryRun(dryRun)
              .setRunsSelected(progress.map(RunDeletions.Progress::runsSelected).orElse(planned))
              .setRunsExamined(progress.map(RunDeletions.Progress::runsExamined).orElse(planned))
              .build());
    }
  }

  private static DeletionOrder order(DeleteRunsRequest request) {
    var runs = request.getRuns();
    return new DeletionOrder(
        new RunSelection(
            new TreeSet<>(runs.getRunIdsList()),
            runs.hasPipeline() ? Optional.of(runs.getPipeline()) : Optional.empty(),
            runs.hasRunType() ? Optional.of(runs.getRunType()) : Optional.empty(),
            runs.hasEndedBefore() ? Optional.of(runs.getEndedBefore()) : Optional.empty(),
            runs.hasKeepNewest() ? OptionalInt.of(runs.getKeepNewest()) : OptionalInt.empty()),
        request.hasProtectedArtifacts()
            ? Optional.of(request.getProtectedArtifacts())
            : Optional.empty(),
        request.hasProtectedExecutions()
            ? Optional.of(request.getProtectedExecutions())
            : Optional.empty(),
        request.getDryRun(),
        request.getRunsPerBatch() == 0 ? Optional.empty() : Optional.of(request.getRunsPerBatch()),
        switch (request.getMark()) {
          case ARTIFACT_MARK_DELETED -> Optional.of(ArtifactMark.DELETED);
          case ARTIFACT_MARK_MARKED_FOR_DELETION -> Optional.of(ArtifactMark.MARKED_FOR_DELETION);
          case ARTIFACT_MARK_NONE, UNRECOGNIZED -> Optional.empty();
        });
  }

  private static dev.mnemos.proto.admin.ArtifactMark wire(ArtifactMark mark) {
    return switch (mark) {
      case DELETED -> dev.mnemos.proto.admin.ArtifactMark.ARTIFACT_MARK_DELETED;
      case MARKED_FOR_DELETION ->
          dev.mnemos.proto.admin.ArtifactMark.ARTIFACT_MARK_MARKED_FOR_DELETION;
    };
  }

  /** What a report removed, in messages of at most {@link #IDS_PER_MESSAGE} ids; at least one. */
  static List<DeleteRunsProgress.Builder> slices(DeletionReport report, boolean dryRun) {
    Slices slices = new Slices(dryRun);
    report.removedRuns().forEach(run -> slices.next().addRemovedRunIds(run));
    report.executions().forEach(execution -> slices.next().addRemovedExecutionIds(execution));
    report
        .artifacts()
        .forEach(
            artifact ->
                slices
                    .next()
                    .addRemovedArtifacts(
                        RemovedArtifact.newBuilder()
                            .setId(artifact)
                            .setUri(report.artifactUris().getOrDefault(artifact, ""))));
    return slices.all;
  }

  /** Messages filled in turn, each up to {@link #IDS_PER_MESSAGE} ids. */
  private static final class Slices {
    private final List<DeleteRunsProgress.Builder> all = new ArrayList<>();
    private final boolean dryRun;
    private int size;

    Slices(boolean dryRun) {
      this.dryRun = dryRun;
      all.add(DeleteRunsProgress.newBuilder().setDryRun(dryRun));
    }

    /** The message the next id goes in. */
    DeleteRunsProgress.Builder next() {
      if (size == IDS_PER_MESSAGE) {
        all.add(DeleteRunsProgress.newBuilder().setDryRun(dryRun));
        size = 0;
      }
      size++;
      return all.getLast();
    }
  }
}
