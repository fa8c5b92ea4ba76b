package dev.mnemos.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.query.testing.QueryStack;
import dev.mnemos.server.auth.Authenticator;
import dev.mnemos.server.testing.Backend;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP port as a browser on another site would meet it: no mutation by GET, CORS closed but for
 * the allowed origins, answers whose type is not guessed, bounded headers, no stack traces.
 */
class HttpHardeningTest {

  private static final String ALLOWED = "https://kubeflow.example.com";

  private Backend.FreshDatabase database;
  private QueryStack stack;
  private QueryHttpServer http;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    database = Backend.SQLITE.freshDatabase();
    stack = QueryStack.start(database);
    http =
        stack
            .layer()
            .serve(
                0,
                new HttpSecurity(
                    Optional.empty(), Authenticator.OPEN, "kubeflow-userid", Set.of(ALLOWED)));
  }

  @AfterEach
  void stop() throws Exception {
    http.close();
    stack.close();
    database.close();
  }

  private HttpResponse<String> send(String method, String path, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + http.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String graphqlGet(String query) {
    return "/graphql?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
  }

  @Test
  void aGetNeverRunsAMutation() throws Exception {
    HttpResponse<String> mutation =
        send("GET", graphqlGet("mutation { deleteRuns(input: {}) { count } }"), Map.of());
    assertThat(mutation.statusCode()).isEqualTo(405);
    assertThat(mutation.headers().firstValue("Allow")).contains("POST");
    assertThat(mutation.body()).contains("mutations are sent by POST with a JSON body");

    HttpResponse<String> named =
        send(
            "GET",
            graphqlGet("query Q { searchStatus { lagMillis } } mutation M { x }")
                + "&operationName=M",
            Map.of());
    assertThat(named.statusCode()).isEqualTo(405);
    HttpResponse<String> theQuery =
        send(
            "GET",
            graphqlGet("query Q { searchStatus { lagMillis } } mutation M { x }")
                + "&operationName=Q",
            Map.of());
    assertThat(theQuery.statusCode()).as(theQuery.body()).isEqualTo(200);
  }

  @Test
  void corsIsClosedButForTheAllowedOrigins() throws Exception {
    Map<String, String> preflight =
        Map.of("Access-Control-Request-Method", "POST", "Origin", "https://evil.example");
    HttpResponse<String> refused = send("OPTIONS", "/graphql", preflight);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

    HttpResponse<String> allowed =
        send(
            "OPTIONS",
            "/ml_metadata.MetadataStoreService/GetArtifactTypes",
            Map.of("Access-Control-Request-Method", "POST", "Origin", ALLOWED));
    assertThat(allowed.statusCode()).isEqualTo(204);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(ALLOWED);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
        .contains("x-grpc-web")
        .contains("authorization");

    String query = graphqlGet("{ searchStatus { lagMillis } }");
    HttpResponse<String> foreign = send("GET", query, Map.of("Origin", "https://evil.example"));
    assertThat(foreign.statusCode()).as("answered, but not readable by that page").isEqualTo(200);
    assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    HttpResponse<String> friendly = send("GET", query, Map.of("Origin", ALLOWED));
    assertThat(friendly.headers().firstValue("Access-Control-Allow-Origin")).contains(ALLOWED);
  }

  @Test
  void answersSayTheirTypeAndNoStackTrace() throws Exception {
    HttpResponse<String> garbled =
        client.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + http.port() + "/graphql"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\": [1, 2"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(garbled.statusCode()).isEqualTo(400);
    assertThat(garbled.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(garbled.body()).doesNotContain("at com.").doesNotContain("Exception");
  }

  @Test
  void oversizedHeadersAreRefused() throws Exception {
    String query = graphqlGet("{ searchStatus { lagMillis } }");
    assertThat(send("GET", query, Map.of("Cookie", "a".repeat(16 * 1024))).statusCode())
        .as("a gateway's cookies fit")
        .isEqualTo(200);
    int status;
    try {
      status = send("GET", query, Map.of("Cookie", "a".repeat(200 * 1024))).statusCode();
    } catch (IOException closed) {
      status = -1;
    }
    assertThat(status).as("refused or cut off").isNotEqualTo(200);
  }
}
