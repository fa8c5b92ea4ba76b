package dev.mnemos.query.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Set;

/**
 * Cross-origin access, closed unless origins are allowed by flag. A page of an allowed origin gets
 * its preflight answered and the headers it needs to read answers (gRPC-web's status among them);
 * another origin's preflight is refused (403) and its answers carry no CORS header, so its browser
 * keeps them from it. Requests are never refused for their origin alone: the lineage browser's own
 * POSTs carry an Origin too. Forged cross-site writes are kept out otherwise: a POST must be JSON,
 * which a form cannot send, and a GET never runs a mutation.
 */
final class CorsFilter extends Filter {

  /** gRPC-web's headers (as KFP's Envoy allows them) and those of authentication. */
  private static final String ALLOWED_HEADERS =
      "keep-alive,user-agent,cache-control,content-type,content-transfer-encoding,custom-header-1,"
          + "x-accept-content-transfer-encoding,x-accept-response-streaming,x-user-agent,"
          + "x-grpc-web,grpc-timeout,authorization";

  private static final String EXPOSED_HEADERS = "custom-header-1,grpc-status,grpc-message";

  private final Set<String> allowedOrigins;

  /**
   * @param allowedOrigins origins as browsers send them ({@code https://kubeflow.example.com}), or
   *     {@code *} for any
   */
  CorsFilter(Set<String> allowedOrigins) {
    this.allowedOrigins = Set.copyOf(allowedOrigins);
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    boolean preflight =
        exchange.getRequestMethod().equals("OPTIONS")
            && exchange.getRequestHeaders().containsKey("Access-Control-Request-Method");
    boolean allowed =
        origin != null && (allowedOrigins.contains("*") || allowedOrigins.contains(origin));
    Headers answer = exchange.getResponseHeaders();
    answer.add("Vary", "Origin");
    if (preflight) {
      exchange.getRequestBody().close();
      if (!allowed) {
        HttpAnswers.text(
            exchange, 403, "cross-origin requests from " + origin + " are not allowed\n");
        return;
      }
      answer.set("Access-Control-Allow-Origin", origin);
      answer.set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
      answer.set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
      answer.set("Access-Control-Max-Age", "600");
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
      return;
    }
    if (allowed) {
      answer.set("Access-Control-Allow-Origin", origin);
      answer.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    }
    chain.doFilter(exchange);
  }

  @Override
  public String description() {
    return "CORS for the allowed origins only";
  }
}
