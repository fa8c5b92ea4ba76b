package dev.mnemos.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.Attribution;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.ExecutionType;
import dev.mnemos.proto.mlmd.GetExecutionsRequest;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.proto.mlmd.PutAttributionsAndAssociationsRequest;
import dev.mnemos.proto.mlmd.PutContextTypeRequest;
import dev.mnemos.proto.mlmd.PutContextsRequest;
import dev.mnemos.proto.mlmd.PutExecutionRequest;
import dev.mnemos.proto.mlmd.PutExecutionTypeRequest;
import dev.mnemos.server.grpc.MnemosGrpcServer;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.store.MetadataStore;
import dev.mnemos.server.testing.Backend;
import io.grpc.ForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against Mnemos' real gRPC server on a SQLite file, over the in-process transport. */
class MnemosClientTest {

  /**
   * Answers the first {@code rejections} PutExecution calls ABORTED, as a deadlocked store does.
   */
  private static final class Rejecting implements ServerInterceptor {
    final AtomicInteger rejections = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
      if (!call.getMethodDescriptor().getBareMethodName().equals("PutExecution")) {
        return next.startCall(call, headers);
      }
      calls.incrementAndGet();
      if (rejections.getAndDecrement() > 0) {
        call.close(
            Status.ABORTED.withDescription("Deadlock found; try restarting"), new Metadata());
        return new ServerCall.Listener<>() {};
      }
      return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
          next.startCall(call, headers)) {};
    }
  }

  private final Rejecting rejecting = new Rejecting();
  private Backend.FreshDatabase database;
  private MetadataStore store;
  private MnemosGrpcServer server;
  private ManagedChannel channel;
  private MnemosClient client;

  @BeforeEach
  void start() throws Exception {
    database = Backend.SQLITE.freshDatabase();
    store = MetadataStore.open(DatabaseSettings.of(database.jdbcUrl()));
    String name = InProcessServerBuilder.generateName();
    server =
        new MnemosGrpcServer(InProcessServerBuilder.forName(name).intercept(rejecting), store)
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
    client = MnemosClient.over(channel, Duration.ofSeconds(10), 5);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    server.close();
    store.close();
    database.close();
  }

  @Test
  void aWriteTheStoreRolledBackIsSentAgainAndLandsOnce() {
    long type = executionType();
    rejecting.rejections.set(2);

    long id =
        client
            .putExecution(
                PutExecutionRequest.newBuilder()
                    .setExecution(Execution.newBuilder().setTypeId(type).setName("train"))
                    .build())
            .getExecutionId();

    assertThat(rejecting.calls.get()).isEqualTo(3);
    assertThat(
            client
                .api()
                .getExecutions(GetExecutionsRequest.getDefaultInstance())
                .getExecutionsList())
        .extracting(Execution::getId)
        .containsExactly(id);
  }

  @Test
  void aRequestTheStoreRefusesIsNotSentAgain() {
    assertThatThrownBy(
            () ->
                client.putExecution(
                    PutExecutionRequest.newBuilder()
                        .setExecution(Execution.newBuilder().setTypeId(12345))
                        .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e ->
                assertThat(e.getStatus().getCode())
                    .isNotIn(Status.Code.ABORTED, Status.Code.UNAVAILABLE));
    assertThat(rejecting.calls.get()).isEqualTo(1);
  }

  @Test
  void retriesStopAtTheClientsAttempts() {
    long type = executionType();
    rejecting.rejections.set(100);

    assertThatThrownBy(
            () ->
                client.putExecution(
                    PutExecutionRequest.newBuilder()
                        .setExecution(Execution.newBuilder().setTypeId(type))
                        .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED));
    assertThat(rejecting.calls.get()).isEqualTo(5);
  }

  @Test
  void aContextsArtifactsAreReadPageByPage() {
    long artifactType =
        client
            .api()
            .putArtifactType(
                PutArtifactTypeRequest.newBuilder()
                    .setArtifactType(ArtifactType.newBuilder().setName("system.Dataset"))
                    .build())
            .getTypeId();
    long contextType =
        client
            .api()
            .putContextType(
                PutContextTypeRequest.newBuilder()
                    .setContextType(ContextType.newBuilder().setName("system.Pipeline"))
                    .build())
            .getTypeId();
    long context =
        client
            .api()
            .putContexts(
                PutContextsRequest.newBuilder()
                    .addContexts(Context.newBuilder().setTypeId(contextType).setName("churn"))
                    .build())
            .getContextIds(0);
    PutArtifactsRequest.Builder artifacts = PutArtifactsRequest.newBuilder();
    IntStream.range(0, 250)
        .forEach(
            i ->
                artifacts.addArtifacts(
                    Artifact.newBuilder().setTypeId(artifactType).setUri("gs://b/" + i)));
    List<Long> ids = client.api().putArtifacts(artifacts.build()).getArtifactIdsList();
    PutAttributionsAndAssociationsRequest.Builder attributions =
        PutAttributionsAndAssociationsRequest.newBuilder();
    ids.forEach(
        id ->
            attributions.addAttributions(
                Attribution.newBuilder().setArtifactId(id).setContextId(context)));
    client.api().putAttributionsAndAssociations(attributions.build());

    assertThat(client.artifactsByContext(context, 100)).hasSize(100);
    assertThat(client.allArtifactsByContext(context, 100).map(Artifact::getId).toList())
        .containsExactlyInAnyOrderElementsOf(ids)
        .doesNotHaveDuplicates();
  }

  private long executionType() {
    return client
        .api()
        .putExecutionType(
            PutExecutionTypeRequest.newBuilder()
                .setExecutionType(ExecutionType.newBuilder().setName("system.ContainerExecution"))
                .build())
        .getTypeId();
  }
}
