package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.ExecutionType;
import dev.mnemos.proto.mlmd.GetEventsByExecutionIDsRequest;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutContextTypeRequest;
import dev.mnemos.proto.mlmd.PutExecutionRequest;
import dev.mnemos.proto.mlmd.PutExecutionRequest.ArtifactAndEvent;
import dev.mnemos.proto.mlmd.PutExecutionTypeRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KFP UI's way to MLMD without Envoy: the grpc-web npm client (clients/grpc-web, over stubs
 * generated from our protos) calls Mnemos' HTTP port in both gRPC-web formats, and each answer or
 * error equals the same call over plain gRPC byte for byte.
 */
class GrpcWebClientTest {

  private static final Path CHECK = Path.of("..", "clients", "grpc-web");

  @Test
  void theGrpcWebClientGetsWhatGrpcGets(@TempDir Path data) throws Exception {
    ServeCommand command = new ServeCommand();
    new picocli.CommandLine(command)
        .parseArgs(
            "--grpc_port=0",
            "--http_port=0",
            "--data_dir=" + data,
            "--http_allowed_origins=http://kfp-ui.example");
    try (MnemosServices services = command.start()) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("localhost", services.grpcPort()).usePlaintext().build();
      try {
        aKfpRun(MetadataStoreServiceGrpc.newBlockingStub(channel), "run-g7k2p");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }

      ProcessBuilder node = new ProcessBuilder("node", "compare.js").directory(CHECK.toFile());
      node.environment().put("MNEMOS_GRPC", "localhost:" + services.grpcPort());
      node.environment().put("MNEMOS_GRPC_WEB", "http://localhost:" + services.httpPort());
      node.environment().put("MNEMOS_RUN", "run-g7k2p");
      Process process = node.redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output)
          .contains("{\"pages\":3,\"artifacts\":5}")
          .contains("{\"events\":7}")
          .contains("{\"executions\":2}")
          .contains("{\"mismatches\":0}");
      for (String call :
          new String[] {
            "GetArtifactTypes",
            "GetArtifacts",
            "GetEventsByArtifactIDs",
            "GetContextByTypeAndName",
            "GetExecutionsByContext",
            "GetArtifactsByID"
          }) {
        for (String format : new String[] {"binary", "text"}) {
          assertThat(output).contains("\"call\":\"" + call + "\",\"format\":\"" + format + "\"");
        }
      }
      assertThat(output)
          .as("the refused filter is compared too")
          .contains("\"call\":\"GetArtifacts\",\"format\":\"text\",\"same\":true,\"error\":3");

      // A browser on another origin asks first (CORS preflight): the origin the flag allows is
      // answered, any other refused.
      assertThat(preflight(services, "http://kfp-ui.example").statusCode()).isEqualTo(204);
      assertThat(
              preflight(services, "http://kfp-ui.example")
                  .headers()
                  .firstValue("Access-Control-Allow-Origin"))
          .contains("http://kfp-ui.example");
      assertThat(
              preflight(services, "http://kfp-ui.example")
                  .headers()
                  .firstValue("Access-Control-Allow-Headers")
                  .orElseThrow())
          .contains("x-grpc-web");
      HttpResponse<String> elsewhere = preflight(services, "http://elsewhere.example");
      assertThat(elsewhere.statusCode()).isEqualTo(403);
      assertThat(elsewhere.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
  }

  private static HttpResponse<String> preflight(MnemosServices services, String origin)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://localhost:"
                            + services.httpPort()
                            + "/ml_metadata.MetadataStoreService/GetArtifactTypes"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** A run context with two steps: 1 → (a, b) → 2 → (c, d, e). */
  private static void aKfpRun(MetadataStoreServiceBlockingStub api, String runName) {
    long dataset =
        api.putArtifactType(
                PutArtifactTypeRequest.newBuilder()
                    .setArtifactType(ArtifactType.newBuilder().setName("system.Dataset"))
                    .build())
            .getTypeId();
    long step =
        api.putExecutionType(
                PutExecutionTypeRequest.newBuilder()
                    .setExecutionType(
                        ExecutionType.newBuilder().setName("system.ContainerExecution"))
                    .build())
            .getTypeId();
    long runType =
        api.putContextType(
                PutContextTypeRequest.newBuilder()
                    .setContextType(ContextType.newBuilder().setName("system.PipelineRun"))
                    .build())
            .getTypeId();
    Context run = Context.newBuilder().setTypeId(runType).setName(runName).build();
    PutExecutionRequest.Builder first =
        PutExecutionRequest.newBuilder()
            .setExecution(
                Execution.newBuilder().setTypeId(step).setLastKnownState(Execution.State.COMPLETE))
            .addContexts(run);
    for (String name : new String[] {"a", "b"}) {
      first.addArtifactEventPairs(output(dataset, name));
    }
    long firstId = api.putExecution(first.build()).getExecutionId();
    PutExecutionRequest.Builder second =
        PutExecutionRequest.newBuilder()
            .setExecution(
                Execution.newBuilder().setTypeId(step).setLastKnownState(Execution.State.COMPLETE))
            .addContexts(run)
            .setOptions(
                PutExecutionRequest.Options.newBuilder().setReuseContextIfAlreadyExist(true));
    for (long artifact :
        api
            .getEventsByExecutionIDs(
                GetEventsByExecutionIDsRequest.newBuilder().addExecutionIds(firstId).build())
            .getEventsList()
            .stream()
            .map(Event::getArtifactId)
            .toList()) {
      second.addArtifactEventPairs(
          ArtifactAndEvent.newBuilder()
              .setEvent(Event.newBuilder().setType(Event.Type.INPUT).setArtifactId(artifact)));
    }
    for (String name : new String[] {"c", "d", "e"}) {
      second.addArtifactEventPairs(output(dataset, name));
    }
    api.putExecution(second.build());
  }

  private static ArtifactAndEvent output(long type, String name) {
    return ArtifactAndEvent.newBuilder()
        .setArtifact(
            Artifact.newBuilder()
                .setTypeId(type)
                .setUri("minio://mlpipeline/v2/artifacts/" + name)
                .setState(Artifact.State.LIVE))
        .setEvent(Event.newBuilder().setType(Event.Type.OUTPUT))
        .build();
  }
}
