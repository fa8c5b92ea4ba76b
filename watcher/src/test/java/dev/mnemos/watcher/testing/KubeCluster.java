package dev.mnemos.watcher.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mnemos.server.testing.Await;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Kubernetes API server for the watcher's end-to-end tests: {@code kube-apiserver} on its
 * own {@code etcd}, both built from the Go module proxy by {@code watcher/kube/build-binaries.sh}
 * (cached), with Argo's own CRDs installed, RBAC on, and a static token for an administrator. etcd
 * compacts only when a test asks ({@link #compact()}), so a resumed watch can be made to find its
 * resourceVersion gone (410), and the API server can be restarted to break every watch.
 */
public final class KubeCluster implements AutoCloseable {

  private static final String ADMIN_TOKEN = "mnemos-test-admin";
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  private final Path binaries;
  private final Path dir;
  private final int etcdPort = freePort();
  private final int etcdPeerPort = freePort();
  private final int apiPort = freePort();
  private final List<Process> processes = new ArrayList<>();
  private Process etcd;
  private Process apiServer;

  private KubeCluster(Path binaries) throws IOException {
    this.binaries = binaries;
    this.dir = Files.createTempDirectory("mnemos-kube");
  }

  /**
   * Starts etcd and the API server and installs Argo's CRDs. Without the binaries (no Go to build
   * them) the test is skipped on a developer's machine and fails in CI.
   */
  public static KubeCluster start() throws Exception {
    Path binaries = binaries();
    KubeCluster cluster = new KubeCluster(binaries);
    try {
      cluster.startEtcd();
      cluster.writeCredentials();
      cluster.startApiServer();
      try (KubernetesClient admin = cluster.adminClient()) {
        cluster.installArgoCrds(admin);
      }
      return cluster;
    } catch (Exception | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  private static Path binaries() throws Exception {
    String configured = System.getenv("MNEMOS_KUBE_BIN");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    // From the watcher's folder, or from a sibling module's (the app's tests use it too).
    Path script = Path.of("kube", "build-binaries.sh").toAbsolutePath();
    if (!Files.exists(script)) {
      script = Path.of("..", "watcher", "kube", "build-binaries.sh").toAbsolutePath().normalize();
    }
    Process build =
        new ProcessBuilder("bash", script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String folder = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean built = build.waitFor(60, TimeUnit.MINUTES) && build.exitValue() == 0;
    if (!built && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must run the tests against a real API server: " + script);
    }
    assumeTrue(built, "kube-apiserver and etcd could not be built (needs Go): " + script);
    return Path.of(folder.strip());
  }

  /** A client with every right, for setting the scene. */
  public KubernetesClient adminClient() {
    return client(ADMIN_TOKEN);
  }

  /** A client that authenticates with {@code token} (a service account's, say). */
  public KubernetesClient client(String token) {
    Config config =
        new ConfigBuilder()
            .withMasterUrl("https://127.0.0.1:" + apiPort)
            .withTrustCerts(true)
            .withOauthToken(token)
            .withRequestRetryBackoffLimit(0)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Creates {@code name}: a real server has no namespace until someone creates it. */
  public void createNamespace(String name) {
    try (KubernetesClient admin = adminClient()) {
      admin
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
  }

  /** Discards etcd's history up to now: a watch resuming from before gets 410 Gone. */
  public void compact() throws Exception {
    String range =
        etcdCall(
            "/v3/kv/range",
            "{\"key\":\"" + base64("/") + "\",\"range_end\":\"" + base64("0") + "\",\"limit\":1}");
    Matcher revision = Pattern.compile("\"revision\":\"(\\d+)\"").matcher(range);
    if (!revision.find()) {
      throw new IllegalStateException("etcd did not say its revision: " + range);
    }
    etcdCall("/v3/kv/compaction", "{\"revision\":\"" + revision.group(1) + "\",\"physical\":true}");
  }

  /** Stops the API server and starts it again on the same port: every open watch breaks. */
  public void restartApiServer() throws Exception {
    apiServer.destroy();
    apiServer.waitFor(30, TimeUnit.SECONDS);
    processes.remove(apiServer);
    startApiServer();
  }

  private void startEtcd() throws Exception {
    etcd =
        launch(
            "etcd",
            List.of(
                binaries.resolve("etcd").toString(),
                "--name=mnemos-test",
                "--data-dir=" + dir.resolve("etcd"),
                "--listen-client-urls=http://127.0.0.1:" + etcdPort,
                "--advertise-client-urls=http://127.0.0.1:" + etcdPort,
                "--listen-peer-urls=http://127.0.0.1:" + etcdPeerPort,
                "--initial-advertise-peer-urls=http://127.0.0.1:" + etcdPeerPort,
                "--initial-cluster=mnemos-test=http://127.0.0.1:" + etcdPeerPort,
                "--log-level=warn"));
    Await.until("etcd to answer", PATIENCE, this::etcdHealthy);
  }

  private void writeCredentials() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair serviceAccounts = generator.generateKeyPair();
    Files.writeString(
        dir.resolve("sa.key"), pem("PRIVATE KEY", serviceAccounts.getPrivate().getEncoded()));
    Files.writeString(
        dir.resolve("sa.pub"), pem("PUBLIC KEY", serviceAccounts.getPublic().getEncoded()));
    Files.writeString(
        dir.resolve("tokens.csv"), ADMIN_TOKEN + ",mnemos-admin,mnemos-admin,\"system:masters\"\n");
    // Requests on pods, so a test can tell that a watcher listed them again.
    Files.writeString(
        dir.resolve("audit-policy.yaml"),
        """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: ["RequestReceived"]
        rules:
          - level: Metadata
            resources: [{group: "", resources: ["pods"]}]
          - level: None
        """);
  }

  /** How many requests with {@code verb} ("list", "get", ...) on pods the API server completed. */
  public long podRequests(String verb) throws IOException {
    Path log = dir.resolve("audit.log");
    if (!Files.exists(log)) {
      return 0;
    }
    try (var lines = Files.lines(log)) {
      return lines
          .filter(line -> line.contains("\"verb\":\"" + verb + "\""))
          .filter(line -> line.contains("\"stage\":\"ResponseComplete\""))
          .filter(line -> line.contains("\"resource\":\"pods\""))
          .count();
    }
  }

  private void startApiServer() throws Exception {
    apiServer =
        launch(
            "kube-apiserver",
            List.of(
                binaries.resolve("kube-apiserver").toString(),
                "--etcd-servers=http://127.0.0.1:" + etcdPort,
                "--etcd-compaction-interval=0",
                "--bind-address=127.0.0.1",
                "--secure-port=" + apiPort,
                "--cert-dir=" + dir.resolve("certs"),
                "--token-auth-file=" + dir.resolve("tokens.csv"),
                "--authorization-mode=RBAC",
                "--service-account-issuer=https://kubernetes.default.svc",
                "--service-account-key-file=" + dir.resolve("sa.pub"),
                "--service-account-signing-key-file=" + dir.resolve("sa.key"),
                "--service-cluster-ip-range=10.0.0.0/24",
                // No controller manager here creates the default service account of a namespace.
                "--disable-admission-plugins=ServiceAccount",
                // Watches read etcd directly, so compaction reaches them as 410 Gone.
                "--watch-cache=false",
                "--audit-policy-file=" + dir.resolve("audit-policy.yaml"),
                "--audit-log-path=" + dir.resolve("audit.log"),
                "--audit-log-mode=blocking",
                "--v=0"));
    Await.until("the API server to be ready", PATIENCE, this::apiServerReady);
  }

  private void installArgoCrds(KubernetesClient admin) throws Exception {
    for (String crd : List.of("workflows", "workflowtaskresults")) {
      try (InputStream in =
          Files.newInputStream(binaries.resolve("argoproj.io_" + crd + ".yaml"))) {
        CustomResourceDefinition definition =
            admin.apiextensions().v1().customResourceDefinitions().load(in).item();
        admin.resource(definition).create();
        admin
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(definition.getMetadata().getName())
            .waitUntilCondition(
                d ->
                    d != null
                        && d.getStatus() != null
                        && d.getStatus().getConditions() != null
                        && d.getStatus().getConditions().stream()
                            .anyMatch(
                                c ->
                                    c.getType().equals("Established")
                                        && c.getStatus().equals("True")),
                2,
                TimeUnit.MINUTES);
      }
    }
  }

  private Process launch(String name, List<String> command) throws IOException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()))
            .start();
    processes.add(process);
    return process;
  }

  private boolean etcdHealthy() {
    try {
      return http(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + etcdPort + "/health"))
              .build())
          .contains("\"health\":\"true\"");
    } catch (Exception e) {
      return false;
    }
  }

  private boolean apiServerReady() {
    if (!apiServer.isAlive()) {
      throw new AssertionError("kube-apiserver exited; see " + dir.resolve("kube-apiserver.log"));
    }
    try (KubernetesClient admin = adminClient()) {
      return "ok".equals(admin.raw("/readyz"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private String etcdCall(String path, String json) throws Exception {
    return http(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + etcdPort + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private static String http(HttpRequest request) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    for (Process process : processes.reversed()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
