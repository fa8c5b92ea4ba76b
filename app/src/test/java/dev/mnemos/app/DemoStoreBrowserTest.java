package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.app.demo.DemoStore;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The lineage browser on the realistic demo store ({@code ./mnemos demo}: 92 KFP runs with cached
 * steps, failures, two losses per run, confusion matrices), in headless Chromium: the run page, the
 * runs table sorted by a metric that two steps record, a comparison, a missing run. Screenshots at
 * 1400×900 and 1024×768 go to {@code target/screenshots/demo-*}. After every test: no console
 * error, and no request to another host.
 */
class DemoStoreBrowserTest {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final List<Dimension> SIZES =
      List.of(new Dimension(1400, 900), new Dimension(1024, 768));

  private static MnemosServices services;
  private static ChromeDriver browser;
  private static WebDriverWait wait;
  private static String page;
  private static DemoStore.Landmarks demo;

  @BeforeAll
  static void recordTheDemoStore() throws Exception {
    HeadlessChromium.assumeInstalled();
    services = LocalServices.onSqlite(Files.createTempDirectory("mnemos-demo-browser"));
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("localhost", services.grpcPort()).usePlaintext().build();
    try {
      demo = DemoStore.record(MetadataStoreServiceGrpc.newBlockingStub(channel), 17, done -> {});
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
  }

  @AfterEach
  void noConsoleErrorsAndNoRequestLeavesTheServer() {
    browser.manage().window().setSize(SIZES.getFirst());
    HeadlessChromium.assertStayedHomeAndQuiet(browser, List.of());
  }

  /**
   * A completed classifier run: its steps drawn and listed (the unchanged ones cache hits that name
   * the run that computed them), both losses, the confusion matrix and the ROC curve.
   */
  @Test
  void theRunPageShowsStepsCacheHitsMetricsAndTheConfusionMatrix() throws IOException {
    browser.get(page + "#/run/" + demo.completedRun());
    WebElement steps = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("run-steps")));
    assertThat(rowsOf("#run-steps"))
        .containsExactly(
            "import-census",
            "validate-data",
            "split-data",
            "featurize",
            "train",
            "evaluate",
            "push-model");
    WebElement cached = steps.findElement(By.cssSelector("tr[data-step='validate-data']"));
    assertThat(cached.getText()).contains("CACHED", "computed by execution");
    wait.until(
        driver -> !cached.findElements(By.cssSelector(".cached-from a[href^='#/run/']")).isEmpty());
    // Seven steps and the ten or eleven artifacts between them (push-model's when it deployed).
    wait.until(
        ExpectedConditions.numberOfElementsToBeMoreThan(
            By.cssSelector("#lineage-graph g.node"), 16));
    assertThat(browser.findElement(By.id("run-metrics")).getText())
        .contains("evaluate.loss", "train.loss", "evaluate.accuracy");
    assertThat(browser.findElement(By.cssSelector("table.confusion")).getText())
        .contains("stays", "churns", "True label");
    assertThat(browser.findElements(By.cssSelector("canvas[aria-label^='ROC curve']"))).hasSize(1);
    assertThat(browser.findElement(By.id("run-parameters")).getText()).contains("learning_rate");
    screenshots("run");

    // A cache hit links to the run that computed the step.
    cached.findElement(By.cssSelector(".cached-from a[href^='#/run/']")).click();
    wait.until(ExpectedConditions.urlContains("#/run/" + demo.runs().getFirst()));
    wait.until(
        driver ->
            rowsOf("#run-steps").contains("validate-data")
                && driver
                    .findElement(By.cssSelector("#run-steps tr[data-step='validate-data']"))
                    .getText()
                    .contains("COMPLETE"));
  }

  /** Sorted by the evaluation's loss, best (lowest) first; the training loss is its own column. */
  @Test
  void theRunsTableKeepsTheTwoLossesApart() throws IOException {
    browser.get(page + "#/runs?pipeline=churn-training&sort=metric%3Aevaluate.loss&order=asc");
    wait.until(
        ExpectedConditions.numberOfElementsToBeMoreThan(
            By.cssSelector("#runs-table tbody tr"), 20));
    assertThat(
            browser.findElements(
                By.cssSelector("#runs-table button[data-column='metric:train.loss']")))
        .hasSize(1);
    List<Double> losses =
        browser.findElements(By.cssSelector("#runs-table td[data-metric='evaluate.loss']")).stream()
            .map(WebElement::getText)
            .filter(text -> !text.isEmpty())
            .map(Double::parseDouble)
            .toList();
    assertThat(losses).hasSizeGreaterThan(20).isSorted();
    screenshots("runs");

    // The column chooser hides the training loss; the table remembers it on the next visit.
    browser.findElement(By.cssSelector("#runs-columns summary")).click();
    browser
        .findElement(By.cssSelector("#runs-columns input[data-column='metric:train.loss']"))
        .click();
    wait.until(
        driver ->
            driver
                .findElements(By.cssSelector("#runs-table button[data-column='metric:train.loss']"))
                .isEmpty());
    assertThat(browser.getCurrentUrl()).contains("hidden=metric%3Atrain.loss");
    browser.get("about:blank");
    browser.get(page + "#/runs?pipeline=churn-training&sort=metric%3Aevaluate.loss&order=asc");
    wait.until(
        ExpectedConditions.numberOfElementsToBeMoreThan(
            By.cssSelector("#runs-table tbody tr"), 20));
    assertThat(
            browser.findElements(
                By.cssSelector("#runs-table button[data-column='metric:train.loss']")))
        .as("still hidden")
        .isEmpty();
    assertThat(
            browser.findElements(
                By.cssSelector("#runs-table button[data-column='metric:evaluate.loss']")))
        .hasSize(1);

    // A parameter filter, typed as text: the runs of one feature set; kept in the address.
    browser.findElement(By.id("runs-parameter-filter")).sendKeys("feature_set = v2");
    browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
    wait.until(ExpectedConditions.urlContains("parameters=feature_set"));
    wait.until(
        driver ->
            driver
                .findElement(By.cssSelector(".compare-bar span"))
                .getText()
                .startsWith("15 of 15"));

    // The README's click-path: a run's name opens its page.
    browser.findElement(By.cssSelector("#runs-table tbody tr th.run-name a")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("run-steps")));
    assertThat(browser.findElement(By.id("run-metrics")).getText()).contains("evaluate.loss");
  }

  /**
   * Every pipeline's runs in one table: it opens without the parameters (each pipeline has its own)
   * and the metrics few runs record, instead of a sheet of mostly blank columns; the column chooser
   * brings any back.
   */
  @Test
  void theRunsOfEveryPipelineOpenWithoutMostlyBlankColumns() throws IOException {
    browser.get(page + "#/");
    browser.executeScript("localStorage.clear()");
    browser.get(page + "#/runs");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#runs-table tbody tr"), 92));
    By parameterHeaders = By.cssSelector("#runs-table button[data-column^='parameter:']");
    assertThat(browser.findElements(parameterHeaders)).isEmpty();
    int columns = browser.findElements(By.cssSelector("#runs-table thead th")).size();
    int chooser = browser.findElements(By.cssSelector("#runs-columns input")).size();
    assertThat(columns - 5)
        .as("the metrics of each pipeline (a third of the runs each), of %d columns", chooser)
        .isBetween(1, chooser / 2);
    assertThat(browser.findElement(By.cssSelector("#runs-columns summary")).getText())
        .matches("Columns \\(\\d+ hidden\\)");
    screenshots("all-runs");

    browser.findElement(By.cssSelector("#runs-columns summary")).click();
    browser.findElement(By.cssSelector("#runs-columns input[data-column^='parameter:']")).click();
    wait.until(driver -> driver.findElements(parameterHeaders).size() == 1);
  }

  @Test
  void compareShowsBothLossesOfThreeRuns() throws IOException {
    List<Long> three = demo.runs().subList(0, 3);
    browser.get(
        page + "#/compare?runs=" + String.join(",", three.stream().map(String::valueOf).toList()));
    WebElement table =
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compare-table")));
    assertThat(table.getText()).contains("evaluate.loss ↓", "train.loss ↓", "learning_rate");
    // What each run started from, and what became of its steps: the first run computed
    // validate-data, the next two took it from the cache.
    WebElement census =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#compare-table tr[data-input='import-census']")));
    assertThat(census.getText()).contains("census.parquet");
    assertThat(census.getAttribute("class")).as("the same dataset: no difference").isNullOrEmpty();
    WebElement validate =
        browser.findElement(By.cssSelector("#compare-table tr[data-step='validate-data']"));
    assertThat(validate.getText()).contains("COMPLETE", "CACHED");
    assertThat(validate.getAttribute("class")).isEqualTo("differs");
    screenshots("compare");

    // Two forecasts a week apart read different versions of their sales history.
    browser.get(page + "#/compare?runs=" + demo.runs().get(60) + "," + demo.runs().get(65));
    WebElement sales =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#compare-table tr[data-input='import-sales']")));
    assertThat(sales.getAttribute("class")).isEqualTo("differs");
    assertThat(sales.getText()).contains("sales.parquet");
  }

  /**
   * The census dataset and the 180 steps and artifacts one hop around it: the graph opens at a
   * readable size, scrolled so the dataset itself is in view, with a legend.
   */
  @Test
  void aFanOutOpensReadableAndCentredOnItsNode() throws IOException {
    browser.get(page + "#/lineage/artifact/" + demo.censusDataset() + "?depth=1&direction=BOTH");
    wait.until(
        ExpectedConditions.numberOfElementsToBeMoreThan(
            By.cssSelector("#lineage-graph g.node"), 150));
    wait.until(driver -> startNodeInView());
    String zoom = browser.findElement(By.cssSelector(".zoom span")).getText();
    assertThat(Integer.parseInt(zoom.replace("%", ""))).as("zoom").isGreaterThanOrEqualTo(75);
    assertThat(browser.findElement(By.cssSelector(".legend")).getText())
        .contains("cached", "failed", "artifact");
    assertThat(browser.findElements(By.cssSelector(".legend li.run")))
        .as("62 runs read the dataset: six colours and the rest together")
        .hasSize(7);
    screenshots("fan-out");

    // Larger than the window: the minimap moves the view to where it is clicked.
    WebElement minimap = browser.findElement(By.id("lineage-minimap"));
    long before = scrolled();
    new Actions(browser)
        .moveToElement(minimap, -minimap.getSize().width / 2 + 2, -minimap.getSize().height / 2 + 2)
        .click()
        .perform();
    wait.until(driver -> scrolled() < before);
  }

  /** How far the graph is scrolled, across and down. */
  private static long scrolled() {
    return (Long)
        browser.executeScript(
            "const room = document.querySelector('.graph-scroll');"
                + " return Math.round(room.scrollLeft + room.scrollTop);");
  }

  /**
   * A model's lineage reaches steps of other runs (cache hits name the run that computed them, the
   * census dataset is imported by every run): each node carries its run's colour, and "only run"
   * narrows the graph to the model's own run, in the URL, and back.
   */
  @Test
  void aModelsLineageShowsItsRunAndNarrowsToIt() throws IOException {
    String lineage =
        page + "#/lineage/artifact/" + demo.completedRunModel() + "?depth=4&direction=UPSTREAM";
    browser.get(lineage);
    wait.until(
        ExpectedConditions.numberOfElementsToBeMoreThan(
            By.cssSelector("#lineage-graph g.node"), 3));
    String ownRun = String.valueOf(demo.completedRun());
    assertThat(
            browser
                .findElement(By.cssSelector("#lineage-graph g.node.start"))
                .getAttribute("data-run"))
        .isEqualTo(ownRun);
    List<WebElement> runs = browser.findElements(By.cssSelector(".legend li.run"));
    assertThat(runs).as("the model's run and the runs its inputs came from").hasSizeGreaterThan(1);
    assertThat(runs.getFirst().getAttribute("data-run")).isEqualTo(ownRun);
    int walked = browser.findElements(By.cssSelector("#lineage-graph g.node")).size();

    browser.findElement(By.id("lineage-only-run")).click();
    wait.until(ExpectedConditions.urlContains("&run=" + ownRun));
    wait.until(
        driver -> driver.findElements(By.cssSelector("#lineage-graph g.node")).size() < walked);
    assertThat(browser.findElements(By.cssSelector("#lineage-graph g.node")))
        .allSatisfy(node -> assertThat(node.getAttribute("data-run")).isEqualTo(ownRun));
    assertThat(browser.findElement(By.id("lineage-counts")).getText()).contains("of " + walked);
    screenshots("only-run");

    browser.findElement(By.id("lineage-only-run")).click();
    wait.until(
        driver -> driver.findElements(By.cssSelector("#lineage-graph g.node")).size() == walked);
    assertThat(browser.getCurrentUrl()).doesNotContain("&run=");
  }

  /** Whether the start node's box lies inside the graph's scrolled window. */
  private static boolean startNodeInView() {
    return (Boolean)
        browser.executeScript(
            "const node = document.querySelector('#lineage-graph g.node.start');"
                + " const room = document.querySelector('.graph-scroll');"
                + " if (!node || !room) return false;"
                + " const n = node.getBoundingClientRect(), r = room.getBoundingClientRect();"
                + " return n.left >= r.left && n.right <= r.right && n.top >= r.top"
                + " && n.bottom <= r.bottom;");
  }

  /**
   * Search ranks the pipeline named exactly first among hundreds of steps and artifacts that
   * mention it; Enter opens it, and the pipeline's page leads to its runs.
   */
  @Test
  void searchFindsAPipelineAndItsPageLeadsToItsRuns() throws IOException {
    browser.get(page);
    WebElement box = wait.until(ExpectedConditions.elementToBeClickable(By.id("search-box")));
    box.sendKeys("forecast-demand");
    wait.until(
        driver ->
            !driver.findElements(By.cssSelector("#search-results li.hit")).isEmpty()
                && driver
                    .findElements(By.cssSelector("#search-results li.hit"))
                    .getFirst()
                    .getText()
                    .contains("Pipeline"));
    screenshots("search");
    box.sendKeys(org.openqa.selenium.Keys.ENTER);
    WebElement runs =
        wait.until(
            ExpectedConditions.elementToBeClickable(By.partialLinkText("Runs of this pipeline")));
    assertThat(runs.getText()).isEqualTo("Runs of this pipeline (30)");
    runs.click();
    wait.until(
        driver ->
            driver
                .findElement(By.cssSelector(".compare-bar span"))
                .getText()
                .startsWith("30 of 30"));
    assertThat(browser.findElement(By.tagName("h1")).getText())
        .isEqualTo("Runs of forecast-demand");

    // A run's context, as the server's run types say, links to its run page.
    browser.get(page + "#/context/" + demo.completedRun());
    wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Run page"))).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("run-steps")));
  }

  @Test
  void anUnknownRunOrNodeIsSaidSo() {
    browser.get(page + "#/run/999999");
    WebElement alert =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]")));
    assertThat(alert.getText()).isEqualTo("Run 999999 does not exist.");

    browser.get(page + "#/lineage/execution/999999?depth=1&direction=BOTH");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[role=alert]"), "Execution 999999 does not exist."));
    assertThat(browser.findElements(By.cssSelector("#lineage-graph g.node"))).isEmpty();
  }

  private static List<String> rowsOf(String table) {
    return browser.findElements(By.cssSelector(table + " tbody tr")).stream()
        .map(row -> row.getAttribute("data-step"))
        .toList();
  }

  /** The page as it is, at each size the issue asks to be readable at. */
  private static void screenshots(String name) throws IOException {
    for (Dimension size : SIZES) {
      browser.manage().window().setSize(size);
      // The page reflows on resize; wait for the browser to have drawn a frame at the new size.
      browser.executeAsyncScript(
          "const done = arguments[arguments.length - 1];"
              + " requestAnimationFrame(() => requestAnimationFrame(done));");
      Files.write(
          SCREENSHOTS.resolve(
              "demo-" + name + "-" + size.getWidth() + "x" + size.getHeight() + ".png"),
          browser.getScreenshotAs(OutputType.BYTES));
    }
    browser.manage().window().setSize(SIZES.getFirst());
  }
}
