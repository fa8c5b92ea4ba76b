package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.query.testing.Pipelines;
import dev.mnemos.server.auth.AddressRange;
import dev.mnemos.server.auth.AuthSettings;
import dev.mnemos.server.auth.RequestAuthenticator;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.tenancy.NamespaceAccess;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The lineage browser for two users of different namespaces, behind a gateway that names the user
 * in {@code kubeflow-userid} (here the browser itself sets the header, as Kubeflow's gateway does
 * for a logged-in user): each sees its own run in the runs table and in search, and the other's
 * model is a node that does not exist. Who may read which namespace is a fixed table here; the
 * cluster's answer to it is {@link AuthenticationTest}'s.
 */
class BrowserIsolationTest {

  private static final Map<String, Set<String>> READABLE =
      Map.of("alice@example.com", Set.of("team-a"), "bob@example.com", Set.of("team-b"));

  private static Path data;
  private static MnemosServices services;
  private static ChromeDriver browser;
  private static WebDriverWait wait;
  private static String page;
  private static Pipelines.V2Run runA;
  private static Pipelines.V2Run runB;

  @BeforeAll
  static void twoTeamsRunsAndABrowser() throws Exception {
    HeadlessChromium.assumeInstalled();
    data = Files.createTempDirectory("mnemos-isolation");
    NamespaceAccess access =
        (caller, action, namespace) ->
            READABLE.getOrDefault(caller.name(), Set.of()).contains(namespace);
    RequestAuthenticator authenticator =
        new RequestAuthenticator(
            new AuthSettings(
                "kubeflow-userid",
                List.of(AddressRange.parse("127.0.0.1/32")),
                Set.of("ops@example.com"),
                Duration.ofMinutes(1),
                ""),
            token -> Optional.empty());
    services =
        MnemosServices.start(
            DatabaseSettings.of("jdbc:sqlite:" + data.resolve("metadata.sqlite")),
            data.resolve("search-index"),
            QuerySettings.defaults(),
            new Endpoints(
                GrpcListener.plain(0),
                HttpListener.plain(0),
                new Access(authenticator, "kubeflow-userid", access, "", Optional.empty())),
            Optional.empty(),
            0);
    Metadata asAdmin = new Metadata();
    asAdmin.put(
        Metadata.Key.of("kubeflow-userid", Metadata.ASCII_STRING_MARSHALLER), "ops@example.com");
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", services.grpcPort()).usePlaintext().build();
    try {
      Pipelines pipelines =
          new Pipelines(
              MetadataStoreServiceGrpc.newBlockingStub(channel)
                  .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(asAdmin)));
      runA =
          pipelines.v2Run(
              "churn",
              "run-of-team-a",
              Map.of("learning_rate", 0.1),
              Map.of("accuracy", 0.87),
              Execution.State.COMPLETE,
              "team-a");
      runB =
          pipelines.v2Run(
              "churn",
              "run-of-team-b",
              Map.of("learning_rate", 0.05),
              Map.of("accuracy", 0.93),
              Execution.State.COMPLETE,
              "team-b");
    } finally {
      channel.shutdownNow();
    }
    page = "http://127.0.0.1:" + services.httpPort() + "/";
    SearchLag.awaitNone(page, Map.of("kubeflow-userid", "ops@example.com"));
    browser = HeadlessChromium.start();
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (services != null) {
      services.close();
    }
  }

  @AfterEach
  void noConsoleErrorsAndNoRequestLeavesTheServer() {
    HeadlessChromium.assertStayedHomeAndQuiet(browser, List.of());
  }

  @Test
  void eachUserSeesOnlyTheRunsOfItsNamespace() {
    for (var user :
        List.of(
            Map.entry("alice@example.com", "run-of-team-a"),
            Map.entry("bob@example.com", "run-of-team-b"))) {
      signIn(user.getKey());
      browser.get(page + "#/runs?pipeline=churn");
      wait.until(
          driver ->
              runNames().equals(List.of(user.getValue()))
                  && browser.findElement(By.id("runs-table")).getText().contains("accuracy"));
    }
  }

  @Test
  void searchFindsOnlyTheUsersOwnModel() {
    signIn("alice@example.com");
    browser.get(page);
    WebElement box = wait.until(ExpectedConditions.elementToBeClickable(By.id("search-box")));
    box.sendKeys("type:Model");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("search-results"), "1 match"));
    assertThat(browser.findElement(By.id("search-results")).getText())
        .contains("run-of-team-a")
        .doesNotContain("run-of-team-b");
  }

  @Test
  void theOtherTeamsModelDoesNotExistForAUser() {
    signIn("bob@example.com");
    browser.get(page + "#/artifact/" + runA.modelId());
    WebElement alert =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]")));
    assertThat(alert.getText()).isEqualTo("Artifact " + runA.modelId() + " does not exist.");
    browser.get(page + "#/artifact/" + runB.modelId());
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
    assertThat(browser.findElement(By.cssSelector(".events")).getText()).contains("OUTPUT");
  }

  /** What the gateway does after a login: every request of the page names the user. */
  private static void signIn(String user) {
    browser.get("about:blank"); // a new page load, not the same page with another hash
    browser.executeCdpCommand("Network.enable", Map.of());
    browser.executeCdpCommand(
        "Network.setExtraHTTPHeaders", Map.of("headers", Map.of("kubeflow-userid", user)));
  }

  private static List<String> runNames() {
    return browser.findElements(By.cssSelector("#runs-table tbody tr")).stream()
        .map(row -> row.getAttribute("data-run"))
        .toList();
  }
}
