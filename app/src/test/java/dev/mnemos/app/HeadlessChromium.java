package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium, headless, driven by its chromedriver, for the browser suites: a fresh profile,
 * no network of its own (no updates, no sync), the console kept for the tests to read.
 */
final class HeadlessChromium {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private static final Set<String> NETWORK_SCHEMES = Set.of("http", "https", "ws", "wss");

  private HeadlessChromium() {}

  /**
   * Like the MariaDB suites: a developer without Chromium runs the rest; CI (CI=true) never skips
   * the browser suites.
   */
  static void assumeInstalled() {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(
          "CI must run the browser tests: install Debian's chromium and chromium-driver");
    }
    Assumptions.assumeTrue(
        installed, "Debian's chromium and chromium-driver are not installed (CI installs them)");
  }

  static ChromeDriver start() throws Exception {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,800",
        "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    // Chromedriver then records the DevTools network events: every request a page makes.
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService driver =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(driver, options);
  }

  /**
   * Every URL the browser requested since the last call (pages, scripts, styles, fonts, workers,
   * fetches), from the DevTools events chromedriver logged.
   */
  static List<String> requestedUrls(ChromeDriver browser) {
    List<String> urls = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE).getAll()) {
      JsonObject message =
          JsonParser.parseString(entry.getMessage()).getAsJsonObject().getAsJsonObject("message");
      if (message.get("method").getAsString().equals("Network.requestWillBeSent")) {
        urls.add(
            message.getAsJsonObject("params").getAsJsonObject("request").get("url").getAsString());
      }
    }
    return urls;
  }

  /**
   * Of {@code urls}, those that leave the machine: over the network (HTTP, WebSocket) to anything
   * but this machine's loopback ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}). {@code
   * data:}, {@code blob:} and the browser's own {@code chrome:} pages never reach the network.
   */
  static List<String> outsideRequests(List<String> urls) {
    return urls.stream()
        .filter(
            url -> {
              URI uri = URI.create(url);
              String scheme = String.valueOf(uri.getScheme());
              return NETWORK_SCHEMES.contains(scheme) && !loopback(uri.getHost());
            })
        .toList();
  }

  /**
   * What every browser test checks when it ends: the pages asked no other host for anything (every
   * asset bundled, every call to this server), and wrote no error to the console but those
   * containing one of {@code expected}.
   */
  static void assertStayedHomeAndQuiet(ChromeDriver browser, List<String> expected) {
    assertThat(outsideRequests(requestedUrls(browser))).as("requests to another host").isEmpty();
    assertThat(
            consoleErrors(browser).stream()
                .filter(message -> expected.stream().noneMatch(message::contains))
                .toList())
        .as("console errors")
        .isEmpty();
  }

  private static boolean loopback(String host) {
    return host != null
        && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
  }

  /** What the page wrote to the console at level error since the last call. */
  static List<String> consoleErrors(ChromeDriver browser) {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }
}
