package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.ExecutionType;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.proto.mlmd.PutExecutionRequest;
import dev.mnemos.proto.mlmd.PutExecutionTypeRequest;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.query.testing.Pipelines;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.testing.Backend;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The lineage browser in a real headless Chromium, served by a real Mnemos at "/" on its HTTP port,
 * over two recorded runs of a three-step pipeline (ingest → dataset → train → model → evaluate →
 * metrics). Screenshots of each page go to {@code target/screenshots/}. Runs wherever Debian's
 * chromium and chromium-driver are installed; in CI (CI=true) they must be.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LineageBrowserTest {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static Backend.FreshDatabase database;
  private static Path data;
  private static MnemosServices services;
  private static ChromeDriver browser;
  private static WebDriverWait wait;
  private static String page;
  private static Pipelines.V2Run secondRun;
  private static long sharedDataset;

  @BeforeAll
  static void startMnemosWithTwoRunsAndABrowser() throws Exception {
    HeadlessChromium.assumeInstalled();

    database = Backend.SQLITE.freshDatabase();
    data = Files.createTempDirectory("mnemos-browser");
    services =
        MnemosServices.start(
            DatabaseSettings.of(database.jdbcUrl()),
            data.resolve("search-index"),
            QuerySettings.defaults(),
            Endpoints.local(),
            Optional.empty(),
            0);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("localhost", services.grpcPort()).usePlaintext().build();
    try {
      Pipelines pipelines = new Pipelines(MetadataStoreServiceGrpc.newBlockingStub(channel));
      pipelines.v2Run(
          "churn",
          "run-1",
          Map.of("learning_rate", 0.1),
          Map.of("accuracy", 0.87, "auc", 0.91),
          Execution.State.COMPLETE);
      secondRun =
          pipelines.v2Run(
              "churn",
              "run-2",
              Map.of("learning_rate", 0.05),
              Map.of("accuracy", 0.93, "auc", 0.95),
              Execution.State.COMPLETE);
      sharedDataset = recordFanOut(MetadataStoreServiceGrpc.newBlockingStub(channel), 300);
    } finally {
      channel.shutdownNow();
    }
    page = "http://localhost:" + services.httpPort() + "/";
    SearchLag.awaitNone(page, Map.of());

    Files.createDirectories(SCREENSHOTS);
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
    if (database != null) {
      database.close();
    }
  }

  /**
   * The page wrote nothing to the console at level error (no failed request, no exception) and
   * asked nothing of another host: every asset is bundled, every call goes to this server.
   */
  @AfterEach
  void noConsoleErrorsAndNoRequestLeavesTheServer() {
    List<String> expected = expectedErrors;
    expectedErrors = List.of();
    HeadlessChromium.assertStayedHomeAndQuiet(browser, expected);
  }

  private static List<String> expectedErrors = List.of();

  /**
   * The pages come with a content security policy that forbids inline scripts and styles and any
   * other origin; every test here then shows, by the console staying clean, that the bundled
   * browser needs nothing it forbids.
   */
  @Test
  @Order(0)
  void thePagesForbidWhatTheBrowserDoesNotNeed() throws Exception {
    HttpResponse<String> index =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(page)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(index.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'", "style-src 'self'", "connect-src 'self'")
        .doesNotContain("unsafe");
    assertThat(index.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(index.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    browser.get(page);
    wait.until(ExpectedConditions.elementToBeClickable(By.id("search-box")));
  }

  @Test
  @Order(1)
  void searchFindsTheModelAndOpensItFromTheKeyboard() throws IOException {
    browser.get(page);
    WebElement box = wait.until(ExpectedConditions.elementToBeClickable(By.id("search-box")));
    box.sendKeys("type:Model");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("search-results"), "2 matches"));
    List<WebElement> hits = browser.findElements(By.cssSelector("#search-results li.hit"));
    assertThat(hits).hasSize(2);
    assertThat(hits.get(0).getText()).contains("churn_model", "Model", "minio://mlpipeline/");
    assertThat(hits.get(0).findElement(By.cssSelector(".kind")).getText())
        .isEqualToIgnoringCase("Artifact");
    screenshot("search");

    box.sendKeys(Keys.ARROW_DOWN, Keys.ENTER);
    wait.until(ExpectedConditions.urlMatches("#/artifact/\\d+$"));
    WebElement heading =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
    assertThat(heading.getText()).contains("churn_model");
    assertThat(browser.findElement(By.cssSelector(".properties")).getText())
        .contains("framework", "xgboost");
    assertThat(browser.findElement(By.cssSelector(".events")).getText())
        .contains("OUTPUT", "model", "train")
        .contains("INPUT", "evaluate");
    screenshot("artifact");
  }

  @Test
  @Order(2)
  void theLineagePageShowsTheDatasetTwoHopsUp() throws IOException {
    browser.get(page + "#/lineage/artifact/" + secondRun.modelId() + "?depth=2&direction=UPSTREAM");
    awaitLabels("churn_model", "train", "dataset");
    assertThat(browser.findElements(By.cssSelector("#lineage-graph path.edge"))).hasSize(2);
    assertThat(browser.findElements(By.cssSelector("#lineage-graph g.node.execution")))
        .hasSize(1)
        .allSatisfy(node -> assertThat(node.getAttribute("class")).contains("state-complete"));
    screenshot("lineage");
  }

  @Test
  @Order(3)
  void expandingANodeAddsItsNeighbours() throws IOException {
    browser.get(page + "#/lineage/artifact/" + secondRun.modelId() + "?depth=1&direction=BOTH");
    awaitLabels("churn_model", "train", "evaluate");
    assertThat(browser.findElement(By.id("lineage-counts")).getText())
        .isEqualTo("3 nodes, 2 events");

    nodeLabelled("train").click();
    awaitLabels("churn_model", "train", "evaluate", "dataset");
    assertThat(browser.findElement(By.id("lineage-counts")).getText())
        .isEqualTo("4 nodes, 3 events");

    // The keyboard does the same: a node takes the focus, Enter expands it.
    browser.executeScript("arguments[0].focus()", nodeLabelled("evaluate"));
    new Actions(browser).sendKeys(Keys.ENTER).perform();
    awaitLabels("churn_model", "train", "evaluate", "dataset", "metrics", "report.html");
    assertThat(browser.findElement(By.id("lineage-counts")).getText())
        .isEqualTo("6 nodes, 5 events");

    // Shift-click a second node: the path between the two (evaluate ← model ← train ← dataset)
    // is highlighted.
    new Actions(browser)
        .keyDown(Keys.SHIFT)
        .click(nodeLabelled("dataset"))
        .keyUp(Keys.SHIFT)
        .perform();
    wait.until(
        ExpectedConditions.numberOfElementsToBe(By.cssSelector("#lineage-graph path.on-path"), 3));
    screenshot("lineage-expanded");
  }

  @Test
  @Order(4)
  void theRunsTableSortsByAMetric() throws IOException {
    browser.get(page + "#/runs?pipeline=churn");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#runs-table tbody tr"), 2));
    WebElement accuracy =
        browser.findElement(By.cssSelector("#runs-table button[data-column='metric:accuracy']"));
    accuracy.click();
    wait.until(driver -> runNames().equals(List.of("run-2", "run-1")));
    browser
        .findElement(By.cssSelector("#runs-table button[data-column='metric:accuracy']"))
        .click();
    wait.until(driver -> runNames().equals(List.of("run-1", "run-2")));
    assertThat(browser.findElement(By.id("runs-table")).getText())
        .contains("learning_rate", "0.05", "0.93", "COMPLETE");
    screenshot("runs");

    // The sort is in the address: a reload (or a shared link) shows the same table.
    assertThat(browser.getCurrentUrl()).contains("sort=metric%3Aaccuracy", "order=asc");
    browser.navigate().refresh();
    wait.until(driver -> runNames().equals(List.of("run-1", "run-2")));

    // A typo in a metric filter is said where it was typed, not shown as "no runs".
    WebElement metrics =
        browser.findElement(By.cssSelector("form.filters input[placeholder='accuracy > 0.9']"));
    metrics.sendKeys("acuracy > 0.9");
    browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
    WebElement said =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("form.filters [role=alert]")));
    assertThat(said.getText()).startsWith("No run records a metric named “acuracy”");
    metrics.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#runs-table tbody tr"), 2));
  }

  @Test
  @Order(5)
  void compareShowsBothRuns() throws IOException {
    browser.get(page + "#/runs?pipeline=churn");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#runs-table tbody tr"), 2));
    for (WebElement box : browser.findElements(By.cssSelector("#runs-table tbody input"))) {
      box.click();
    }
    browser.findElement(By.id("compare-runs")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compare-table")));
    String table = browser.findElement(By.id("compare-table")).getText();
    assertThat(table).contains("run-1", "run-2", "learning_rate", "accuracy", "0.87", "0.93");
    assertThat(browser.findElements(By.cssSelector("tr.differs"))).isNotEmpty();
    assertThat(browser.findElements(By.cssSelector("canvas[data-metric='accuracy']"))).hasSize(1);
    assertThat(table).as("accuracy is better high").contains("accuracy ↑");
    assertThat(browser.findElement(By.cssSelector("#compare-table td.best")).getText())
        .isEqualTo("0.93");
    assertThat(browser.findElements(By.id("compare-pipelines")))
        .as("one pipeline: no warning")
        .isEmpty();
    screenshot("compare");
  }

  @Test
  @Order(6)
  void fiveHundredNodesAreDrawnAndTheCutIsSaid() throws IOException {
    browser.get(page + "#/lineage/artifact/" + sharedDataset + "?depth=2&direction=DOWNSTREAM");
    wait.until(driver -> graphLabels().size() == 500);
    assertThat(browser.findElement(By.id("lineage-truncated")).getText())
        .contains("stopped at 500 nodes");
    assertThat(browser.findElement(By.id("lineage-counts")).getText()).startsWith("500 nodes");
    // Recorded, not asserted: a time is no test on another machine (docs/benchmarks.md).
    Object millis =
        browser.executeScript(
            "const m = performance.getEntriesByName('mnemos-layout');"
                + " return m.length ? Math.round(m[m.length - 1].duration) : null;");
    System.out.println("The 500-node lineage was laid out in " + millis + " ms");
    // Still answering: a click on one of the 500 selects it.
    String features =
        graphLabels().stream()
            .filter(label -> label.startsWith("features-"))
            .findFirst()
            .orElseThrow();
    nodeLabelled(features).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".details"), features));
    screenshot("lineage-500");
  }

  /** Hundreds of hits: a page at a time, best first, the next on request. */
  @Test
  @Order(7)
  void searchPagesThroughEveryHit() {
    browser.get(page);
    WebElement box = wait.until(ExpectedConditions.elementToBeClickable(By.id("search-box")));
    box.sendKeys("type:featurize");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("search-results"), "300 matches"));
    wait.until(
        ExpectedConditions.numberOfElementsToBe(By.cssSelector("#search-results li.hit"), 30));
    browser.findElement(By.cssSelector("#search-results button.more")).click();
    wait.until(
        ExpectedConditions.numberOfElementsToBe(By.cssSelector("#search-results li.hit"), 60));
    assertThat(browser.findElement(By.cssSelector("#search-results button.more")).getText())
        .isEqualTo("More (60 of 300 shown)");
  }

  @Test
  @Order(7)
  void aMissingNodeIsSaidSo() {
    browser.get(page + "#/artifact/999999");
    WebElement alert =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]")));
    assertThat(alert.getText()).isEqualTo("Artifact 999999 does not exist.");

    // The lineage page too, and the previous graph goes at once instead of staying under it.
    browser.get(page + "#/lineage/artifact/" + secondRun.modelId() + "?depth=2&direction=UPSTREAM");
    awaitLabels("churn_model", "train", "dataset");
    browser.get(page + "#/lineage/artifact/999999?depth=2&direction=UPSTREAM");
    WebElement missing =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]")));
    assertThat(missing.getText()).isEqualTo("Artifact 999999 does not exist.");
    assertThat(graphLabels()).isEmpty();
    assertThat(browser.findElements(By.cssSelector(".message[aria-busy=true]"))).isEmpty();
  }

  @Test
  @Order(8)
  void anUnreachableServerIsSaidSo() throws IOException {
    browser.get(page + "#/runs");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("runs-table")));
    services.close();
    services = null;
    browser.executeScript("location.hash = '#/?q=model'");
    WebElement alert =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]")));
    assertThat(alert.getText()).contains("Cannot reach the Mnemos server");
    expectedErrors = List.of("ERR_CONNECTION_REFUSED", "Failed to fetch");
    screenshot("unreachable");
  }

  /** GraphiQL is bundled: it loads and runs a query with nothing but this server to reach. */
  @Test
  @Order(7)
  void graphiqlRunsAQueryOffline() throws IOException {
    browser.get(page + "graphiql");
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".graphiql-execute-button")))
        .click();
    wait.until(
        driver ->
            driver.findElement(By.cssSelector(".graphiql-response")).getText().contains("run-2"));
    assertThat(browser.findElement(By.cssSelector(".graphiql-response")).getText())
        .contains("\"totalCount\": 2");
    screenshot("graphiql");
  }

  /**
   * The watch on requests sees one to another host (and tells it apart from this server's), so its
   * silence after every other test means something.
   */
  @Test
  @Order(7)
  void aRequestToAnotherHostWouldBeSeen() {
    // A blank page has no policy to stop the request before it is sent (the pages' would).
    browser.get("about:blank");
    HeadlessChromium.requestedUrls(browser);
    expectedErrors = List.of("192.0.2.1");
    browser.executeScript("fetch('http://192.0.2.1/probe').catch(() => {})");
    wait.until(
        driver -> HeadlessChromium.requestedUrls(browser).contains("http://192.0.2.1/probe"));
    assertThat(
            HeadlessChromium.outsideRequests(
                List.of(
                    "http://192.0.2.1/probe",
                    page + "graphql",
                    "data:,",
                    "http://127.0.0.1:8081/graphql",
                    "http://[::1]:8081/graphql",
                    "chrome://new-tab-page/",
                    "https://unpkg.com/x")))
        .containsExactly("http://192.0.2.1/probe", "https://unpkg.com/x");
  }

  /** One dataset read by {@code steps} steps, each writing its own features: a wide lineage. */
  private static long recordFanOut(
      MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub api, int steps) {
    long datasetType =
        api.putArtifactType(
                PutArtifactTypeRequest.newBuilder()
                    .setArtifactType(ArtifactType.newBuilder().setName("system.Dataset"))
                    .build())
            .getTypeId();
    long stepType =
        api.putExecutionType(
                PutExecutionTypeRequest.newBuilder()
                    .setExecutionType(ExecutionType.newBuilder().setName("featurize"))
                    .build())
            .getTypeId();
    long shared =
        api.putArtifacts(
                PutArtifactsRequest.newBuilder()
                    .addArtifacts(
                        Artifact.newBuilder()
                            .setTypeId(datasetType)
                            .setUri("minio://shared/census"))
                    .build())
            .getArtifactIds(0);
    for (int i = 0; i < steps; i++) {
      api.putExecution(
          PutExecutionRequest.newBuilder()
              .setExecution(
                  Execution.newBuilder()
                      .setTypeId(stepType)
                      .setLastKnownState(Execution.State.COMPLETE))
              .addArtifactEventPairs(
                  PutExecutionRequest.ArtifactAndEvent.newBuilder()
                      // The whole artifact: a PutExecution replaces what it is given.
                      .setArtifact(
                          Artifact.newBuilder()
                              .setId(shared)
                              .setTypeId(datasetType)
                              .setUri("minio://shared/census"))
                      .setEvent(Event.newBuilder().setType(Event.Type.INPUT)))
              .addArtifactEventPairs(
                  PutExecutionRequest.ArtifactAndEvent.newBuilder()
                      .setArtifact(
                          Artifact.newBuilder()
                              .setTypeId(datasetType)
                              .setUri("minio://shared/features-" + i))
                      .setEvent(Event.newBuilder().setType(Event.Type.OUTPUT)))
              .build());
    }
    return shared;
  }

  /** The labels of the nodes drawn, read in one step (the graph redraws as layouts arrive). */
  @SuppressWarnings("unchecked")
  private static List<String> graphLabels() {
    return (List<String>)
        browser.executeScript(
            "return [...document.querySelectorAll('#lineage-graph g.node text.label')]"
                + ".map(label => label.textContent)");
  }

  private static void awaitLabels(String... labels) {
    wait.until(driver -> Set.copyOf(graphLabels()).equals(Set.of(labels)));
  }

  private static WebElement nodeLabelled(String label) {
    return wait.until(
        ExpectedConditions.elementToBeClickable(
            By.xpath(
                "//*[local-name()='g' and contains(@class,'node')][*[local-name()='text' and"
                    + " @class='label' and text()='"
                    + label
                    + "']]")));
  }

  private static List<String> runNames() {
    return browser.findElements(By.cssSelector("#runs-table tbody tr")).stream()
        .map(row -> row.getAttribute("data-run"))
        .toList();
  }

  private static void screenshot(String name) throws IOException {
    Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
  }
}
