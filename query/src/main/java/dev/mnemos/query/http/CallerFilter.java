package dev.mnemos.query.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.mnemos.server.auth.AuthenticationException;
import dev.mnemos.server.auth.Authenticator;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.auth.Credentials;
import dev.mnemos.server.auth.ExchangeCaller;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Establishes each request's caller for the handlers behind it ({@link ExchangeCaller}): a bearer
 * token or the gateway's user header, as for gRPC. A request without one gets 401 (503 when the
 * credentials cannot be checked now). The open paths (probes, metrics) need none.
 */
final class CallerFilter extends Filter {

  private final Authenticator authenticator;
  private final String userHeader;
  private final List<String> openPaths;

  CallerFilter(Authenticator authenticator, String userHeader, List<String> openPaths) {
    this.authenticator = authenticator;
    this.userHeader = userHeader;
    this.openPaths = List.copyOf(openPaths);
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    if (!authenticator.enabled() || openPaths.contains(exchange.getRequestURI().getPath())) {
      ExchangeCaller.set(exchange, Caller.OPEN);
      chain.doFilter(exchange);
      return;
    }
    Caller caller;
    try {
      caller =
          authenticator.authenticate(
              new Credentials(
                  Credentials.bearer(exchange.getRequestHeaders().getFirst("Authorization")),
                  Optional.ofNullable(exchange.getRequestHeaders().getFirst(userHeader)),
                  Optional.ofNullable(exchange.getRemoteAddress())
                      .map(InetSocketAddress::getAddress),
                  ClientCertificateFilter.verified(exchange)));
    } catch (AuthenticationException e) {
      exchange.getRequestBody().close();
      if (e.checkerAway()) {
        exchange.getResponseHeaders().set("Retry-After", "1");
        HttpAnswers.text(exchange, 503, e.getMessage() + "\n");
      } else {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        HttpAnswers.text(exchange, 401, e.getMessage() + "\n");
      }
      return;
    }
    ExchangeCaller.set(exchange, caller);
    chain.doFilter(exchange);
  }

  @Override
  public String description() {
    return "who calls: a bearer token or the gateway's user header";
  }
}
