package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.ExecutionType;
import dev.mnemos.proto.mlmd.GetArtifactTypesRequest;
import dev.mnemos.proto.mlmd.GetContextByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.GetContextsByIDRequest;
import dev.mnemos.proto.mlmd.GetContextsRequest;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutContextTypeRequest;
import dev.mnemos.proto.mlmd.PutContextsRequest;
import dev.mnemos.proto.mlmd.PutExecutionRequest;
import dev.mnemos.proto.mlmd.PutExecutionTypeRequest;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.server.auth.AddressRange;
import dev.mnemos.server.auth.AuthSettings;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.tenancy.NamespaceAccess;
import dev.mnemos.watcher.testing.KubeCluster;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --auth=kubernetes} against a real Kubernetes API server: a pipeline pod's service-account
 * token (made by the API's TokenRequest, checked by its TokenReview) opens gRPC, GraphQL and
 * gRPC-web; a forged token, no credentials, or the gateway's user header from an address that is
 * not the gateway's, do not; probes and metrics answer anyone; an API that cannot be reached makes
 * calls UNAVAILABLE, not UNAUTHENTICATED.
 */
class AuthenticationTest {

  private static KubeCluster cluster;
  private static String runnerToken;

  private final List<AutoCloseable> opened = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path data;

  @BeforeAll
  static void aClusterWithAPipelineRunner() throws Exception {
    cluster = KubeCluster.start();
    cluster.createNamespace("team-a");
    try (KubernetesClient admin = cluster.adminClient()) {
      admin
          .serviceAccounts()
          .inNamespace("team-a")
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName("pipeline-runner")
                  .endMetadata()
                  .build())
          .create();
      TokenRequest request =
          admin
              .serviceAccounts()
              .inNamespace("team-a")
              .withName("pipeline-runner")
              .tokenRequest(
                  new TokenRequestBuilder()
                      .withNewSpec()
                      .withExpirationSeconds(3600L)
                      .endSpec()
                      .build());
      runnerToken = request.getStatus().getToken();
    }
    cluster.createNamespace("team-b");
    try (KubernetesClient admin = cluster.adminClient()) {
      grant(
          admin, "team-a", "edit", List.of("list", "create"), "ServiceAccount", "pipeline-runner");
      grant(admin, "team-b", "view", List.of("list"), "User", "alice@example.com");
    }
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable each : opened.reversed()) {
      each.close();
    }
  }

  private MnemosServices serve(Access access) throws Exception {
    Path folder = Files.createDirectories(data.resolve("server-" + opened.size()));
    MnemosServices services =
        MnemosServices.start(
            DatabaseSettings.of("jdbc:sqlite:" + folder.resolve("metadata.sqlite")),
            folder.resolve("search-index"),
            QuerySettings.defaults(),
            new Endpoints(GrpcListener.plain(0), HttpListener.plain(0), access),
            Optional.empty(),
            0);
    opened.add(services);
    return services;
  }

  private static AuthSettings settings(String... trustedProxies) {
    return new AuthSettings(
        "kubeflow-userid",
        List.of(trustedProxies).stream().map(AddressRange::parse).toList(),
        Set.of("ops@example.com"),
        Duration.ofMinutes(1),
        "");
  }

  private MetadataStoreServiceBlockingStub stub(MnemosServices services, Map<String, String> head) {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", services.grpcPort()).usePlaintext().build();
    opened.add(channel::shutdownNow);
    Metadata headers = new Metadata();
    head.forEach(
        (name, value) ->
            headers.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
    return MetadataStoreServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private static Status.Code refusal(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
    return Status.Code.OK;
  }

  private HttpResponse<String> get(MnemosServices services, String path, Map<String, String> head)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + services.httpPort() + path));
    head.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<byte[]> grpcWeb(MnemosServices services, Map<String, String> head)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + services.httpPort()
                        + "/ml_metadata.MetadataStoreService/GetArtifactTypes"))
            .header("Content-Type", "application/grpc-web+proto")
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5]));
    head.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void aServiceAccountTokenOpensEveryPortAndNothingElseDoes() throws Exception {
    MnemosServices services = serve(Access.kubernetes(settings(), cluster.adminClient()));
    Map<String, String> runner = Map.of("authorization", "Bearer " + runnerToken);

    MetadataStoreServiceBlockingStub asRunner = stub(services, runner);
    asRunner.putArtifactType(
        PutArtifactTypeRequest.newBuilder()
            .setArtifactType(ArtifactType.newBuilder().setName("system.Model"))
            .build());
    assertThat(
            asRunner
                .getArtifactTypes(GetArtifactTypesRequest.getDefaultInstance())
                .getArtifactTypesList())
        .extracting(ArtifactType::getName)
        .containsExactly("system.Model");

    assertThatThrownBy(
            () ->
                stub(services, Map.of())
                    .getArtifactTypes(GetArtifactTypesRequest.getDefaultInstance()))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessage(
            "UNAUTHENTICATED: credentials needed: a bearer token (a service account's) or the"
                + " gateway's kubeflow-userid header");
    assertThatThrownBy(
            () ->
                stub(services, Map.of("authorization", "Bearer " + runnerToken + "x"))
                    .getArtifactTypes(GetArtifactTypesRequest.getDefaultInstance()))
        .hasMessage("UNAUTHENTICATED: the bearer token was not accepted by the Kubernetes API");
    assertThatThrownBy(
            () ->
                stub(services, Map.of("kubeflow-userid", "ops@example.com"))
                    .getArtifactTypes(GetArtifactTypesRequest.getDefaultInstance()))
        .hasMessageStartingWith(
            "UNAUTHENTICATED: the kubeflow-userid header is believed only from the gateway");

    String query = "/graphql?query=%7B__typename%7D";
    assertThat(get(services, query, Map.of()).statusCode()).isEqualTo(401);
    assertThat(get(services, query, Map.of()).headers().firstValue("WWW-Authenticate"))
        .contains("Bearer");
    HttpResponse<String> answered =
        get(services, query, Map.of("Authorization", "Bearer " + runnerToken));
    assertThat(answered.statusCode()).isEqualTo(200);
    assertThat(answered.body()).contains("\"__typename\":\"Query\"");
    assertThat(get(services, "/", Map.of()).statusCode()).as("the browser's page").isEqualTo(401);
    for (String open : List.of("/healthz", "/readyz", "/metrics")) {
      assertThat(get(services, open, Map.of()).statusCode()).as(open).isEqualTo(200);
    }

    assertThat(grpcWeb(services, Map.of()).statusCode()).isEqualTo(401);
    HttpResponse<byte[]> web = grpcWeb(services, Map.of("Authorization", "Bearer " + runnerToken));
    assertThat(web.statusCode()).isEqualTo(200);
    assertThat(web.headers().firstValue("grpc-status")).as("no trailers-only error").isEmpty();
    assertThat(new String(web.body(), StandardCharsets.ISO_8859_1))
        .as("the trailer frame")
        .contains("grpc-status:0");
  }

  @Test
  void theGatewaysHeaderIsBelievedFromATrustedProxy() throws Exception {
    MnemosServices services =
        serve(Access.kubernetes(settings("127.0.0.1/32"), cluster.adminClient()));
    MetadataStoreServiceBlockingStub asAlice = stub(services, Map.of("kubeflow-userid", "alice"));
    assertThat(
            refusal(() -> asAlice.getArtifactTypes(GetArtifactTypesRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.OK);
    assertThat(
            get(services, "/graphql?query=%7B__typename%7D", Map.of("kubeflow-userid", "alice"))
                .statusCode())
        .isEqualTo(200);
  }

  /**
   * Namespace rights are KFP's rights on runs, as the cluster's RBAC grants them: the pipeline
   * runner of team-a may list and create runs in team-a, alice may list them in team-b only.
   */
  @Test
  void namespaceRightsAreTheRightsOnKfpRuns() throws Exception {
    KubernetesClient reviewer = cluster.adminClient();
    opened.add(reviewer);
    KubernetesAccessReview access = new KubernetesAccessReview(reviewer);
    Caller runner =
        new Caller(
            "system:serviceaccount:team-a:pipeline-runner",
            Set.of(
                "system:serviceaccounts", "system:serviceaccounts:team-a", "system:authenticated"),
            Caller.How.TOKEN,
            false);
    Caller alice = new Caller("alice@example.com", Set.of(), Caller.How.GATEWAY, false);
    assertThat(access.may(runner, NamespaceAccess.Action.READ, "team-a")).isTrue();
    assertThat(access.may(runner, NamespaceAccess.Action.WRITE, "team-a")).isTrue();
    assertThat(access.may(runner, NamespaceAccess.Action.READ, "team-b")).isFalse();
    assertThat(access.may(alice, NamespaceAccess.Action.READ, "team-b")).isTrue();
    assertThat(access.may(alice, NamespaceAccess.Action.WRITE, "team-b")).isFalse();
    assertThat(access.may(alice, NamespaceAccess.Action.READ, "team-a")).isFalse();
    Caller ops = new Caller("ops@example.com", Set.of(), Caller.How.GATEWAY, true);
    assertThat(access.may(ops, NamespaceAccess.Action.WRITE, "team-a")).as("an admin").isTrue();
  }

  /**
   * A write must be allowed in every namespace it touches: the runner of team-a records its run and
   * its steps there, and may link them to the shared pipeline context, but cannot put a run into
   * team-b or move its run there; what is refused leaves nothing behind.
   */
  @Test
  void writesNeedTheRightToCreateRunsInTheirNamespace() throws Exception {
    MnemosServices services = serve(Access.kubernetes(settings(), cluster.adminClient()));
    MetadataStoreServiceBlockingStub runner =
        stub(services, Map.of("authorization", "Bearer " + runnerToken));
    long runType = contextType(runner, "system.PipelineRun");
    long pipelineType = contextType(runner, "system.Pipeline");
    long stepType =
        runner
            .putExecutionType(
                PutExecutionTypeRequest.newBuilder()
                    .setExecutionType(
                        ExecutionType.newBuilder().setName("system.ContainerExecution"))
                    .build())
            .getTypeId();
    Context runInA = run(runType, "run-a", "team-a");
    long runA =
        runner
            .putContexts(PutContextsRequest.newBuilder().addContexts(runInA).build())
            .getContextIds(0);
    long pipeline =
        runner
            .putContexts(
                PutContextsRequest.newBuilder()
                    .addContexts(Context.newBuilder().setTypeId(pipelineType).setName("churn"))
                    .build())
            .getContextIds(0);
    runner.putExecution(
        PutExecutionRequest.newBuilder()
            .setExecution(
                Execution.newBuilder()
                    .setTypeId(stepType)
                    .setLastKnownState(Execution.State.COMPLETE))
            .addAllContexts(
                runner
                    .getContextsByID(
                        GetContextsByIDRequest.newBuilder()
                            .addContextIds(pipeline)
                            .addContextIds(runA)
                            .build())
                    .getContextsList())
            .build());

    assertThatThrownBy(
            () ->
                runner.putContexts(
                    PutContextsRequest.newBuilder()
                        .addContexts(run(runType, "run-b", "team-b"))
                        .build()))
        .hasMessage(
            "PERMISSION_DENIED: system:serviceaccount:team-a:pipeline-runner may not write in"
                + " namespace team-b");
    assertThat(
            runner
                .getContextByTypeAndName(
                    GetContextByTypeAndNameRequest.newBuilder()
                        .setTypeName("system.PipelineRun")
                        .setContextName("run-b")
                        .build())
                .hasContext())
        .as("nothing of the refused write is kept")
        .isFalse();

    assertThat(
            refusal(
                () ->
                    runner.putContexts(
                        PutContextsRequest.newBuilder()
                            .addContexts(run(runType, "run-a", "team-b").toBuilder().setId(runA))
                            .build())))
        .as("moving its run into team-b")
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(
            runner
                .getContextsByID(GetContextsByIDRequest.newBuilder().addContextIds(runA).build())
                .getContexts(0)
                .getCustomPropertiesOrThrow("namespace")
                .getStringValue())
        .isEqualTo("team-a");
  }

  /**
   * Reads keep to what the caller may read, on every port: the runner of team-a sees team-a's run
   * and the shared pipeline, alice (who may list runs in team-b only) team-b's and the pipeline, an
   * admin both; by gRPC, by GraphQL and in the runs table alike.
   */
  @Test
  void readsSeeOnlyTheNamespacesTheCallerMayListRunsIn() throws Exception {
    MnemosServices services =
        serve(Access.kubernetes(settings("127.0.0.1/32"), cluster.adminClient()));
    MetadataStoreServiceBlockingStub admin =
        stub(services, Map.of("kubeflow-userid", "ops@example.com"));
    long runType = contextType(admin, "system.PipelineRun");
    long pipelineType = contextType(admin, "system.Pipeline");
    admin.putContexts(
        PutContextsRequest.newBuilder()
            .addContexts(Context.newBuilder().setTypeId(pipelineType).setName("churn"))
            .addContexts(run(runType, "run-a", "team-a"))
            .addContexts(run(runType, "run-b", "team-b"))
            .build());

    Map<String, Map<String, String>> callers =
        Map.of(
            "runner", Map.of("authorization", "Bearer " + runnerToken),
            "alice", Map.of("kubeflow-userid", "alice@example.com"),
            "admin", Map.of("kubeflow-userid", "ops@example.com"));
    Map<String, List<String>> seen = new TreeMap<>();
    Map<String, String> graphQlSeen = new TreeMap<>();
    for (var caller : callers.entrySet()) {
      seen.put(
          caller.getKey(),
          stub(services, caller.getValue())
              .getContexts(GetContextsRequest.getDefaultInstance())
              .getContextsList()
              .stream()
              .map(Context::getName)
              .toList());
      graphQlSeen.put(
          caller.getKey(),
          get(
                  services,
                  "/graphql?query="
                      + URLEncoder.encode(
                          "{ contexts { edges { node { name } } } runs { totalCount } }",
                          StandardCharsets.UTF_8),
                  caller.getValue())
              .body());
    }
    assertThat(seen)
        .containsEntry("runner", List.of("churn", "run-a"))
        .containsEntry("alice", List.of("churn", "run-b"))
        .containsEntry("admin", List.of("churn", "run-a", "run-b"));
    assertThat(graphQlSeen.get("runner"))
        .contains("run-a")
        .doesNotContain("run-b")
        .contains("\"totalCount\":1");
    assertThat(graphQlSeen.get("alice"))
        .contains("run-b")
        .doesNotContain("run-a")
        .contains("\"totalCount\":1");
    assertThat(graphQlSeen.get("admin")).contains("run-a", "run-b", "\"totalCount\":2");
  }

  private static long contextType(MetadataStoreServiceBlockingStub api, String name) {
    return api.putContextType(
            PutContextTypeRequest.newBuilder()
                .setContextType(ContextType.newBuilder().setName(name))
                .build())
        .getTypeId();
  }

  private static Context run(long type, String name, String namespace) {
    return Context.newBuilder()
        .setTypeId(type)
        .setName(name)
        .putCustomProperties("namespace", Value.newBuilder().setStringValue(namespace).build())
        .build();
  }

  private static void grant(
      KubernetesClient admin,
      String namespace,
      String role,
      List<String> verbs,
      String subjectKind,
      String subject) {
    admin
        .rbac()
        .roles()
        .inNamespace(namespace)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("kfp-runs-" + role)
                .endMetadata()
                .addNewRule()
                .withApiGroups("pipelines.kubeflow.org")
                .withResources("runs")
                .withVerbs(verbs)
                .endRule()
                .build())
        .create();
    admin
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("kfp-runs-" + role + "-" + subjectKind.toLowerCase(java.util.Locale.ROOT))
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("Role")
                .withName("kfp-runs-" + role)
                .endRoleRef()
                .addNewSubject()
                .withKind(subjectKind)
                .withName(subject)
                .withNamespace(subjectKind.equals("ServiceAccount") ? namespace : null)
                .withApiGroup(subjectKind.equals("User") ? "rbac.authorization.k8s.io" : null)
                .endSubject()
                .build())
        .create();
  }

  @Test
  void withoutTheKubernetesApiCallsAreUnavailableNotRefused() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    KubernetesClient nowhere =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("https://127.0.0.1:" + closedPort)
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
    MnemosServices services = serve(Access.kubernetes(settings(), nowhere));
    assertThat(
            refusal(
                () ->
                    stub(services, Map.of("authorization", "Bearer " + runnerToken))
                        .getArtifactTypes(GetArtifactTypesRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.UNAVAILABLE);
    HttpResponse<String> answer =
        get(
            services,
            "/graphql?query=%7B__typename%7D",
            Map.of("Authorization", "Bearer " + runnerToken));
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.headers().firstValue("Retry-After")).contains("1");
  }
}
