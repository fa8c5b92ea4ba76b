package dev.mnemos.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.query.testing.QueryStack;
import dev.mnemos.server.testing.Backend;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GraphQL over HTTP through a real socket; the backend does not matter here, so SQLite only. */
class QueryHttpServerTest {

  private Backend.FreshDatabase database;
  private QueryStack stack;
  private QueryHttpServer http;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    database = Backend.SQLITE.freshDatabase();
    stack = QueryStack.start(database);
    http = stack.layer().serve(0);
  }

  @AfterEach
  void stop() throws Exception {
    http.close();
    stack.close();
    database.close();
  }

  private HttpResponse<String> post(String contentType, String accept, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + http.port() + "/graphql"))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + http.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void postRunsAQueryWithVariables() throws Exception {
    HttpResponse<String> response =
        post(
            "application/json",
            null,
            "{\"query\": \"query($n: Int) { runs(input: {first: $n}) { totalCount } }\","
                + " \"variables\": {\"n\": 5}}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(response.body()).isEqualTo("{\"data\":{\"runs\":{\"totalCount\":0}}}");
  }

  @Test
  void getRunsAQueryFromTheQueryString() throws Exception {
    String query = URLEncoder.encode("{ searchStatus { lagMillis } }", StandardCharsets.UTF_8);
    HttpResponse<String> response = get("/graphql?query=" + query);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"lagMillis\"");
  }

  @Test
  void errorsFollowTheGraphQlOverHttpConventions() throws Exception {
    assertThat(post("text/plain", null, "{ x }").statusCode()).isEqualTo(415);
    assertThat(post("application/json", null, "{\"query\": \"\"}").statusCode()).isEqualTo(400);
    assertThat(post("application/json", null, "not json").statusCode()).isEqualTo(400);
    HttpResponse<String> invalid = post("application/json", null, "{\"query\": \"{ nope }\"}");
    assertThat(invalid.statusCode()).as("application/json: errors travel with 200").isEqualTo(200);
    assertThat(invalid.body()).contains("\"code\":\"BAD_INPUT\"");
    assertThat(
            post(
                    "application/json",
                    "application/graphql-response+json",
                    "{\"query\": \"{ nope }\"}")
                .statusCode())
        .as("graphql-response+json: a request that never ran is a 400")
        .isEqualTo(400);
    assertThat(
            client
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://localhost:" + http.port() + "/graphql"))
                        .DELETE()
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(405);
  }

  @Test
  void servesHealth() throws Exception {
    assertThat(get("/healthz").body()).isEqualTo("ok\n");
    assertThat(get("/nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void withoutTheBrowserBuiltInThePagesSaySo() throws Exception {
    // This module's classpath has no clients/web bundle; the app's jar does (LineageBrowserTest).
    for (String page : List.of("/", "/graphiql")) {
      HttpResponse<String> answer = get(page);
      assertThat(answer.statusCode()).isEqualTo(404);
      assertThat(answer.body())
          .isEqualTo(
              "The lineage browser and GraphiQL are not in this build (clients/web);"
                  + " POST GraphQL to /graphql.\n");
    }
  }

  @Test
  void nothingOutsideTheBrowsersFilesIsServed() throws Exception {
    assertThat(get("/assets/%2E%2E/%2E%2E/http/QueryHttpServer.class").statusCode()).isEqualTo(404);
    assertThat(get("/dev/mnemos/query/http/QueryHttpServer.class").statusCode()).isEqualTo(404);
    assertThat(get("/index.html%00.js").statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        client.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + http.port() + "/"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void aRequestThatNeverFinishesIsDropped() throws Exception {
    try (Socket socket = new Socket("localhost", http.port())) {
      socket.setSoTimeout(60_000);
      socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes());
      socket.getOutputStream().flush();

      assertThat(socket.getInputStream().read())
          .as("the server closes the connection (the tests' maxReqTime: 5 s)")
          .isEqualTo(-1);
    }
    assertThat(get("/healthz").body()).isEqualTo("ok\n");
  }
}
