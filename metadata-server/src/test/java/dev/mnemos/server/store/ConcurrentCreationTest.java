package dev.mnemos.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.ExecutionType;
import dev.mnemos.proto.mlmd.GetArtifactTypesRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetContextsRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByContextRequest;
import dev.mnemos.proto.mlmd.PropertyType;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.proto.mlmd.PutContextTypeRequest;
import dev.mnemos.proto.mlmd.PutContextsRequest;
import dev.mnemos.proto.mlmd.PutExecutionRequest;
import dev.mnemos.proto.mlmd.PutExecutionTypeRequest;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.testing.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pods of a pipeline step, spread over the replicas of the metadata server, create the same
 * type, the same run context and the same external id at one moment. On PostgreSQL, MLMD's server
 * then stored a type twice and failed the runs (kubeflow/pipelines#14353: its lookup takes no lock
 * and the table has no unique key). Here 64 writers on 4 servers sharing one database: exactly one
 * row of each results, and every writer gets it, or ALREADY_EXISTS where MLMD answers that. The
 * writers take an ABORTED as MLMD's clients do, by trying again; they are counted, and never needed
 * for a type or a reused context, whose races the servers settle themselves.
 */
class ConcurrentCreationTest {

  private static final int SERVERS = 4;
  private static final int WRITERS = 64;

  /** What one writer got: the id, or the error's code. */
  private record Outcome(long id, ErrorCode error) {}

  @ParameterizedTest(allowZeroInvocations = true)
  @MethodSource("dev.mnemos.server.testing.StoreBackends#servers")
  void sixtyFourWritersOnFourServersCreateEachThingOnce(Backend backend) throws Exception {
    try (Backend.FreshDatabase database = backend.freshDatabase()) {
      List<MetadataStore> servers = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      try {
        for (int i = 0; i < SERVERS; i++) {
          servers.add(MetadataStore.open(DatabaseSettings.of(database.jdbcUrl())));
        }
        AtomicInteger retried = new AtomicInteger();
        Function<Function<MetadataStore, Long>, List<Outcome>> race =
            call -> allAtOnce(pool, servers, call, retried);

        List<Outcome> types =
            race.apply(
                store ->
                    store
                        .types()
                        .putArtifactType(
                            PutArtifactTypeRequest.newBuilder()
                                .setArtifactType(
                                    ArtifactType.newBuilder()
                                        .setName("system.Model")
                                        .setVersion("v1")
                                        .putProperties("framework", PropertyType.STRING))
                                .setCanAddFields(true)
                                .build())
                        .getTypeId());
        assertThat(types).extracting(Outcome::error).containsOnlyNulls();
        assertThat(types).extracting(Outcome::id).containsOnly(types.getFirst().id());
        assertThat(
                servers
                    .getFirst()
                    .types()
                    .getArtifactTypes(GetArtifactTypesRequest.getDefaultInstance())
                    .getArtifactTypesList())
            .as("one row for the type")
            .hasSize(1);
        assertThat(retried).as("type races need no retry by the client").hasValue(0);

        MetadataStore first = servers.getFirst();
        long stepType =
            first
                .types()
                .putExecutionType(
                    PutExecutionTypeRequest.newBuilder()
                        .setExecutionType(ExecutionType.newBuilder().setName("system.Step"))
                        .build())
                .getTypeId();
        long runType =
            first
                .types()
                .putContextType(
                    PutContextTypeRequest.newBuilder()
                        .setContextType(ContextType.newBuilder().setName("system.PipelineRun"))
                        .build())
                .getTypeId();
        List<Outcome> steps =
            race.apply(
                store ->
                    store
                        .lineageWrites()
                        .putExecution(
                            PutExecutionRequest.newBuilder()
                                .setExecution(Execution.newBuilder().setTypeId(stepType))
                                .addContexts(
                                    Context.newBuilder().setTypeId(runType).setName("run-1"))
                                .setOptions(
                                    PutExecutionRequest.Options.newBuilder()
                                        .setReuseContextIfAlreadyExist(true))
                                .build())
                        .getContextIds(0));
        assertThat(steps).extracting(Outcome::error).containsOnlyNulls();
        assertThat(steps).extracting(Outcome::id).containsOnly(steps.getFirst().id());
        assertThat(
                first
                    .listings()
                    .getExecutionsByContext(
                        GetExecutionsByContextRequest.newBuilder()
                            .setContextId(steps.getFirst().id())
                            .build())
                    .getExecutionsCount())
            .as("every step in the one run context")
            .isEqualTo(WRITERS);
        assertThat(retried).as("a reused context needs no retry by the client").hasValue(0);

        long modelType = types.getFirst().id();
        assertOnceAndAlreadyExists(
            race.apply(
                store ->
                    store
                        .nodes()
                        .putArtifacts(
                            PutArtifactsRequest.newBuilder()
                                .addArtifacts(
                                    Artifact.newBuilder()
                                        .setTypeId(modelType)
                                        .setUri("s3://models/1")
                                        .setExternalId("model-1"))
                                .build())
                        .getArtifactIds(0)));
        assertThat(
                first
                    .nodes()
                    .getArtifactsByExternalIds(
                        GetArtifactsByExternalIdsRequest.newBuilder()
                            .addExternalIds("model-1")
                            .build())
                    .getArtifactsCount())
            .isEqualTo(1);

        assertOnceAndAlreadyExists(
            race.apply(
                store ->
                    store
                        .nodes()
                        .putContexts(
                            PutContextsRequest.newBuilder()
                                .addContexts(
                                    Context.newBuilder().setTypeId(runType).setName("run-2"))
                                .build())
                        .getContextIds(0)));
        assertThat(
                first
                    .listings()
                    .getContexts(GetContextsRequest.getDefaultInstance())
                    .getContextsList())
            .extracting(Context::getName)
            .containsExactlyInAnyOrder("run-1", "run-2");
        System.out.printf(
            "%s: %d writers on %d servers; ABORTED answers the writers retried: %d%n",
            backend, WRITERS, SERVERS, retried.get());
      } finally {
        pool.shutdownNow();
        servers.forEach(MetadataStore::close);
      }
    }
  }

  /** MLMD's answer to a second node of one (type, name) or external id: ALREADY_EXISTS. */
  private static void assertOnceAndAlreadyExists(List<Outcome> outcomes) {
    Map<ErrorCode, Long> errors =
        outcomes.stream()
            .filter(outcome -> outcome.error() != null)
            .collect(Collectors.groupingBy(Outcome::error, Collectors.counting()));
    assertThat(errors).containsOnlyKeys(ErrorCode.ALREADY_EXISTS);
    assertThat(outcomes.stream().filter(outcome -> outcome.error() == null)).hasSize(1);
  }

  /**
   * Runs {@code call} once per writer, writer i on server i mod {@value #SERVERS}, all released at
   * once; a writer answered ABORTED tries again, as MLMD's clients do.
   */
  private static List<Outcome> allAtOnce(
      ExecutorService pool,
      List<MetadataStore> servers,
      Function<MetadataStore, Long> call,
      AtomicInteger retried)
      throws RuntimeException {
    Phaser start = new Phaser(WRITERS);
    List<Future<Outcome>> futures = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      MetadataStore server = servers.get(i % SERVERS);
      futures.add(
          pool.submit(
              () -> {
                start.arriveAndAwaitAdvance();
                for (int attempt = 1; ; attempt++) {
                  try {
                    return new Outcome(call.apply(server), null);
                  } catch (StoreException e) {
                    if (e.code() != ErrorCode.ABORTED || attempt == 10) {
                      return new Outcome(0, e.code());
                    }
                    retried.incrementAndGet();
                  }
                }
              }));
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Future<Outcome> future : futures) {
      try {
        outcomes.add(future.get());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return outcomes;
  }
}
