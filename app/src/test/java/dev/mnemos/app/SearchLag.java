package dev.mnemos.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Waits, as a client would, until a running Mnemos' search index holds every committed write. */
final class SearchLag {

  private SearchLag() {}

  /**
   * Asks {@code page}'s GraphQL for the search lag (with {@code headers}: the caller) until it is
   * 0, for at most 30 s.
   */
  static void awaitNone(String page, Map<String, String> headers) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(
              URI.create(page + "graphql?query=%7BsearchStatus%7BlagMillis%7D%7D"));
      headers.forEach(request::header);
      String body = http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
      if (body.contains("\"lagMillis\":0")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the search index did not catch up");
  }
}
