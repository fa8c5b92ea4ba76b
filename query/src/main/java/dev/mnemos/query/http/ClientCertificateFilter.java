package dev.mnemos.query.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import dev.mnemos.server.auth.Credentials;
import java.io.IOException;
import java.util.List;

/**
 * Mutual TLS on the HTTP port: a request without a client certificate the server trusts is refused
 * (401), except the probes, which the kubelet sends without one. The handshake only asks for the
 * certificate, so that the probes can connect; one that was shown has been verified by then.
 */
final class ClientCertificateFilter extends Filter {

  private final List<String> openPaths;

  ClientCertificateFilter(List<String> openPaths) {
    this.openPaths = List.copyOf(openPaths);
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    if (openPaths.contains(exchange.getRequestURI().getPath()) || verified(exchange)) {
      chain.doFilter(exchange);
      return;
    }
    exchange.getRequestBody().close();
    HttpAnswers.text(exchange, 401, "a client certificate is needed (mutual TLS)\n");
  }

  /** Whether the exchange's connection showed a client certificate the server trusts. */
  static boolean verified(HttpExchange exchange) {
    return exchange instanceof HttpsExchange https && Credentials.certified(https.getSSLSession());
  }

  @Override
  public String description() {
    return "mutual TLS for all but the probes";
  }
}
