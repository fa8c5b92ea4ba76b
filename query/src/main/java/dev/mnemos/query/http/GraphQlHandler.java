package dev.mnemos.query.http;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.mnemos.query.graphql.GraphQlEngine;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.auth.ExchangeCaller;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST} and {@code GET /graphql} following the GraphQL-over-HTTP conventions: the request
 * read and checked, the query run on the engine's workers, the answer in the media type asked for.
 */
final class GraphQlHandler implements HttpHandler, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GraphQlHandler.class);
  private static final String JSON = "application/json";
  private static final String GRAPHQL_RESPONSE = "application/graphql-response+json";
  private static final int MAX_BODY_BYTES = 1 << 20;

  private static final Gson GSON =
      new GsonBuilder()
          .serializeNulls()
          .disableHtmlEscaping()
          .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
          .create();

  /**
   * Queries run here, not on the exchange's virtual thread: a few platform threads, so that
   * CPU-heavy queries (a search, a wide lineage) can take at most these cores' worth of time and
   * the probes and pages, on virtual threads, always find a carrier free. A full queue answers 503.
   */
  private static final int WORKERS = Math.max(2, Runtime.getRuntime().availableProcessors());

  private static final int QUEUED = 64;

  private final ThreadPoolExecutor workers =
      new ThreadPoolExecutor(
          WORKERS,
          WORKERS,
          0,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(QUEUED),
          Thread.ofPlatform().name("mnemos-graphql-", 0).daemon().factory());

  private final GraphQlEngine engine;

  GraphQlHandler(GraphQlEngine engine) {
    this.engine = engine;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      Map<String, Object> request;
      if (method.equals("GET")) {
        request = fromQueryString(exchange.getRequestURI().getRawQuery());
      } else if (method.equals("POST")) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(JSON)) {
          error(exchange, 415, "POST /graphql takes a JSON body (Content-Type: application/json)");
          return;
        }
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
          error(exchange, 413, "request body over " + MAX_BODY_BYTES + " bytes");
          return;
        }
        request =
            GSON.fromJson(
                new String(body, StandardCharsets.UTF_8),
                new TypeToken<Map<String, Object>>() {}.getType());
      } else {
        exchange.getResponseHeaders().add("Allow", "GET, POST");
        error(exchange, 405, "use GET or POST");
        return;
      }
      if (request == null || !(request.get("query") instanceof String query) || query.isBlank()) {
        error(exchange, 400, "the request has no query");
        return;
      }
      if (method.equals("GET") && !onlyQueries(query, request.get("operationName"))) {
        // GraphQL over HTTP: a GET never changes anything, so a link or an image cannot.
        exchange.getResponseHeaders().add("Allow", "POST");
        error(exchange, 405, "mutations are sent by POST with a JSON body");
        return;
      }
      Object variables = request.get("variables");
      if (variables != null && !(variables instanceof Map)) {
        error(exchange, 400, "variables must be a JSON object");
        return;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> vars = (Map<String, Object>) variables;
      String operation = (String) request.get("operationName");
      Caller caller = ExchangeCaller.of(exchange);
      Future<Map<String, Object>> running;
      try {
        running = workers.submit(() -> engine.execute(query, operation, vars, caller));
      } catch (RejectedExecutionException e) {
        exchange.getResponseHeaders().set("Retry-After", "1");
        error(
            exchange,
            503,
            "BUSY",
            "every query worker is busy and " + QUEUED + " queries wait; retry");
        return;
      }
      Map<String, Object> result;
      try {
        result = running.get();
      } catch (InterruptedException e) {
        running.cancel(true);
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException runtime
            ? runtime
            : new IllegalStateException(e.getCause());
      }
      boolean graphqlResponse = accepts(exchange, GRAPHQL_RESPONSE);
      // With the newer media type, a request that never ran (no data) is the client's error.
      int status = graphqlResponse && !result.containsKey("data") ? 400 : 200;
      HttpAnswers.send(
          exchange,
          status,
          (graphqlResponse ? GRAPHQL_RESPONSE : JSON) + "; charset=utf-8",
          GSON.toJson(result).getBytes(StandardCharsets.UTF_8));
    } catch (JsonParseException e) {
      error(exchange, 400, "the body is not JSON: " + withoutClassNames(e.getMessage()));
    } catch (RuntimeException e) {
      log.error("GraphQL request failed", e);
      error(exchange, 500, "internal error; the server log has the details");
    }
  }

  private static Map<String, Object> fromQueryString(String rawQuery) {
    Map<String, Object> request = new HashMap<>();
    if (rawQuery == null) {
      return request;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      request.put(
          name,
          name.equals("variables") && !value.isEmpty()
              ? GSON.fromJson(value, new TypeToken<Map<String, Object>>() {}.getType())
              : value);
    }
    return request;
  }

  private static boolean accepts(HttpExchange exchange, String mediaType) {
    List<String> accept = exchange.getRequestHeaders().get("Accept");
    return accept != null && accept.stream().anyMatch(value -> value.contains(mediaType));
  }

  private static void error(HttpExchange exchange, int status, String message) throws IOException {
    error(exchange, status, "BAD_INPUT", message);
  }

  private static void error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    Map<String, Object> body =
        Map.of("errors", List.of(Map.of("message", message, "extensions", Map.of("code", code))));
    HttpAnswers.send(
        exchange,
        status,
        JSON + "; charset=utf-8",
        GSON.toJson(body).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }

  /** Whether the operation to run is a query (a syntax error is the engine's to report). */
  private static boolean onlyQueries(String query, @Nullable Object operationName) {
    Document document;
    try {
      document = Parser.parse(query);
    } catch (InvalidSyntaxException e) {
      return true;
    }
    return document.getDefinitionsOfType(OperationDefinition.class).stream()
        .filter(operation -> operationName == null || operationName.equals(operation.getName()))
        .allMatch(operation -> operation.getOperation() == OperationDefinition.Operation.QUERY);
  }

  /** A parser's message without the Java exception names it quotes: they tell a client nothing. */
  private static String withoutClassNames(@Nullable String message) {
    return String.valueOf(message).replaceAll("([a-z][a-z0-9_]*\\.)+[A-Za-z0-9_$]+: ", "");
  }
}
