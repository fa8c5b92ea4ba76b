package dev.mnemos.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.GetArtifactTypesRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByContextRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByContextRequest;
import dev.mnemos.proto.mlmd.PropertyType;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.proto.mlmd.PutContextsRequest;
import dev.mnemos.proto.mlmd.PutExecutionRequest;
import dev.mnemos.server.testing.Mlmd;
import dev.mnemos.server.testing.StoreTest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Pipeline pods register the same types and contexts at the same moment. Like MLMD clients, the
 * writers here retry ABORTED; whatever interleaving happens, exactly one type and one context must
 * result.
 */
class ConcurrentWriteRpcTest {

  private static final int WRITERS = 8;

  private static <T> T retryingAborted(Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.ABORTED || attempt == 20) {
          throw e;
        }
      }
    }
  }

  private static <T> List<T> concurrently(Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @StoreTest
  void concurrentPutsOfANewTypeCreateItOnce(Mlmd mlmd) throws Exception {
    PutArtifactTypeRequest request =
        PutArtifactTypeRequest.newBuilder()
            .setArtifactType(
                ArtifactType.newBuilder()
                    .setName("system.Model")
                    .putProperties("p", PropertyType.INT))
            .build();

    List<Long> ids =
        concurrently(() -> retryingAborted(() -> mlmd.api().putArtifactType(request).getTypeId()));

    assertThat(ids).containsOnly(ids.getFirst());
    assertThat(
            mlmd.api()
                .getArtifactTypes(GetArtifactTypesRequest.getDefaultInstance())
                .getArtifactTypesList())
        .hasSize(1);
  }

  @StoreTest
  void concurrentStepsOfOneRunShareOneContext(Mlmd mlmd) throws Exception {
    long stepType = mlmd.executionType("Step");
    long runType = mlmd.contextType("Run");
    PutExecutionRequest step =
        PutExecutionRequest.newBuilder()
            .setExecution(Execution.newBuilder().setTypeId(stepType))
            .addContexts(Context.newBuilder().setTypeId(runType).setName("run-1"))
            .setOptions(
                PutExecutionRequest.Options.newBuilder().setReuseContextIfAlreadyExist(true))
            .build();

    List<Long> contextIds =
        concurrently(() -> retryingAborted(() -> mlmd.api().putExecution(step).getContextIds(0)));

    assertThat(contextIds).containsOnly(contextIds.getFirst());
    assertThat(
            mlmd.api()
                .getExecutionsByContext(
                    GetExecutionsByContextRequest.newBuilder()
                        .setContextId(contextIds.getFirst())
                        .build())
                .getExecutionsCount())
        .isEqualTo(WRITERS);
  }

  /**
   * Every step of every run reads the same dataset, attributed to the pipeline's context in each
   * call: a repeat of an attribution is success in MLMD, also when another call adds it at the same
   * moment. No retrying here: the server must not answer ABORTED or INTERNAL for it.
   */
  @StoreTest
  void concurrentRepeatsOfOneAttributionAllSucceed(Mlmd mlmd) throws Exception {
    long stepType = mlmd.executionType("Step");
    long pipelineType = mlmd.contextType("Pipeline");
    long datasetType = mlmd.artifactType("Dataset");
    long pipeline =
        mlmd.api()
            .putContexts(
                PutContextsRequest.newBuilder()
                    .addContexts(Context.newBuilder().setTypeId(pipelineType).setName("p"))
                    .build())
            .getContextIds(0);
    long dataset =
        mlmd.api()
            .putArtifacts(
                PutArtifactsRequest.newBuilder()
                    .addArtifacts(Artifact.newBuilder().setTypeId(datasetType).setUri("raw"))
                    .build())
            .getArtifactIds(0);
    PutExecutionRequest step =
        PutExecutionRequest.newBuilder()
            .setExecution(Execution.newBuilder().setTypeId(stepType))
            .addArtifactEventPairs(
                PutExecutionRequest.ArtifactAndEvent.newBuilder()
                    .setArtifact(Artifact.newBuilder().setId(dataset).setTypeId(datasetType))
                    .setEvent(Event.newBuilder().setType(Event.Type.INPUT)))
            .addContexts(Context.newBuilder().setId(pipeline).setTypeId(pipelineType).setName("p"))
            .build();

    for (int round = 0; round < 5; round++) {
      concurrently(() -> mlmd.api().putExecution(step).getExecutionId());
    }

    assertThat(
            mlmd.api()
                .getArtifactsByContext(
                    GetArtifactsByContextRequest.newBuilder().setContextId(pipeline).build())
                .getArtifactsCount())
        .isEqualTo(1);
  }
}
