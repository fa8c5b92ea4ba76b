package dev.mnemos.query.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.admin.DeleteRunsProgress;
import dev.mnemos.proto.admin.DeleteRunsRequest;
import dev.mnemos.proto.admin.LifecycleGrpc;
import dev.mnemos.proto.admin.RemovedArtifact;
import dev.mnemos.proto.admin.RunSelection;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.query.testing.Pipelines;
import dev.mnemos.query.testing.QueryStack;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.grpc.CallerInterceptor;
import dev.mnemos.server.grpc.GrpcLimits;
import dev.mnemos.server.grpc.GrpcMetrics;
import dev.mnemos.server.grpc.MnemosGrpcServer;
import dev.mnemos.server.model.DeletionReport;
import dev.mnemos.server.tenancy.ReadScopes;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * {@code mnemos.admin.v1.Lifecycle/DeleteRuns} over real gRPC: a dry run answers the plan, a
 * deletion streams what each batch removed and ends with the totals; only admins may call it.
 */
class LifecycleGrpcServiceTest {

  /** The admin API of {@code stack}'s store, called as {@code caller}. */
  private record Admin(MnemosGrpcServer server, ManagedChannel channel) implements AutoCloseable {

    static Admin over(QueryStack stack, Caller caller) throws Exception {
      String name = InProcessServerBuilder.generateName();
      MnemosGrpcServer server =
          new MnemosGrpcServer(
                  InProcessServerBuilder.forName(name).directExecutor(),
                  stack.store(),
                  GrpcLimits.KFP,
                  new GrpcMetrics(new PrometheusRegistry()),
                  CallerInterceptor.fixed(caller),
                  ReadScopes.EVERYTHING,
                  List.of(new LifecycleGrpcService(stack.layer().services().lifecycle())))
              .start();
      return new Admin(server, InProcessChannelBuilder.forName(name).directExecutor().build());
    }

    List<DeleteRunsProgress> deleteRuns(DeleteRunsRequest request) {
      List<DeleteRunsProgress> messages = new ArrayList<>();
      LifecycleGrpc.newBlockingStub(channel).deleteRuns(request).forEachRemaining(messages::add);
      return messages;
    }

    @Override
    public void close() throws Exception {
      channel.shutdownNow();
      server.close();
    }
  }

  private static DeleteRunsRequest request(boolean dryRun, long... runs) {
    RunSelection.Builder selection = RunSelection.newBuilder();
    for (long run : runs) {
      selection.addRunIds(run);
    }
    return DeleteRunsRequest.newBuilder()
        .setRuns(selection)
        .setDryRun(dryRun)
        .setRunsPerBatch(1)
        .build();
  }

  private static Set<Long> removedArtifacts(List<DeleteRunsProgress> messages) {
    Set<Long> ids = new TreeSet<>();
    messages.forEach(
        m -> m.getRemovedArtifactsList().forEach(artifact -> ids.add(artifact.getId())));
    return ids;
  }

  @StoreTest
  void aDryRunAnswersThePlanAndADeletionStreamsEachBatch(Backend.FreshDatabase db)
      throws Exception {
    try (QueryStack stack = QueryStack.start(db);
        Admin admin = Admin.over(stack, Caller.OPEN)) {
      Pipelines pipelines = new Pipelines(stack);
      List<Pipelines.V2Run> runs = new ArrayList<>();
      for (String name : List.of("r1", "r2", "r3")) {
        runs.add(
            pipelines.v2Run("churn", name, Map.of(), Map.of("auc", 0.7), Execution.State.COMPLETE));
      }
      long[] ids = runs.stream().mapToLong(Pipelines.V2Run::runId).toArray();

      List<DeleteRunsProgress> plan = admin.deleteRuns(request(true, ids));
      List<DeleteRunsProgress> deletion = admin.deleteRuns(request(false, ids));

      assertThat(plan).hasSize(1);
      assertThat(plan.getFirst().getDone()).isTrue();
      assertThat(plan.getFirst().getDryRun()).isTrue();
      assertThat(plan.getFirst().getTotals().getRemovedRuns()).isEqualTo(3);
      assertThat(plan.getFirst().getRemovedArtifactsList())
          .contains(
              RemovedArtifact.newBuilder()
                  .setId(runs.getFirst().modelId())
                  .setUri("minio://mlpipeline/v2/artifacts/churn/r1/train/churn_model")
                  .build());
      assertThat(deletion).hasSize(4); // a batch per run, then the end
      assertThat(deletion.subList(0, 3))
          .allSatisfy(m -> assertThat(m.getRemovedRunIdsCount()).isEqualTo(1))
          .extracting(DeleteRunsProgress::getRunsExamined)
          .containsExactly(1L, 2L, 3L);
      DeleteRunsProgress end = deletion.getLast();
      assertThat(end.getDone()).isTrue();
      assertThat(end.getDryRun()).isFalse();
      assertThat(end.getTotals()).isEqualTo(plan.getFirst().getTotals());
      assertThat(removedArtifacts(deletion)).isEqualTo(removedArtifacts(plan));
    }
  }

  @StoreTest
  void onlyAdminsMayDeleteAndBadRequestsAreRefused(Backend.FreshDatabase db) throws Exception {
    Caller alice = new Caller("alice", Set.of(), Caller.How.TOKEN, false);
    try (QueryStack stack = QueryStack.start(db);
        Admin asAlice = Admin.over(stack, alice);
        Admin asAdmin = Admin.over(stack, Caller.OPEN)) {
      long run =
          new Pipelines(stack)
              .v2Run("churn", "r1", Map.of(), Map.of(), Execution.State.COMPLETE)
              .runId();

      assertThat(code(() -> asAlice.deleteRuns(request(true, run))))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(code(() -> asAdmin.deleteRuns(DeleteRunsRequest.getDefaultInstance())))
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(code(() -> asAdmin.deleteRuns(request(false, run, 99999))))
          .isEqualTo(Status.Code.NOT_FOUND);
      assertThat(stack.store().graph().nodes(NodeKind.CONTEXT, List.of(run))).containsKey(run);
    }
  }

  private static Status.Code code(Runnable call) {
    return catchThrowableOfType(StatusRuntimeException.class, call::run).getStatus().getCode();
  }

  @Test
  void aLargeReportIsSlicedUnderTheMessageLimit() {
    TreeSet<Long> artifacts = new TreeSet<>();
    LongStream.range(0, 25_000).forEach(artifacts::add);
    TreeMap<Long, String> uris = new TreeMap<>();
    artifacts.forEach(id -> uris.put(id, "s3://bucket/a-fairly-long/object/key/number/" + id));
    DeletionReport report =
        new DeletionReport(
            new TreeSet<>(Set.of(1L)), new TreeSet<>(), artifacts, new TreeSet<>(Set.of(7L)), uris);

    var slices = LifecycleGrpcService.slices(report, true);

    assertThat(slices).hasSize(3);
    assertThat(slices)
        .allSatisfy(s -> assertThat(s.build().getSerializedSize()).isLessThan(4 << 20));
    assertThat(slices.stream().mapToInt(s -> s.getRemovedArtifactsCount()).sum()).isEqualTo(25_000);
  }
}
