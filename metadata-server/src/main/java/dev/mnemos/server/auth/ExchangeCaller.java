package dev.mnemos.server.auth;

import com.sun.net.httpserver.HttpExchange;

/**
 * The caller of an HTTP exchange, as the HTTP port's authentication filter set it, for the handlers
 * behind it (GraphQL, gRPC-web).
 */
public final class ExchangeCaller {

  private static final String ATTRIBUTE = "dev.mnemos.caller";

  private ExchangeCaller() {}

  public static void set(HttpExchange exchange, Caller caller) {
    exchange.setAttribute(ATTRIBUTE, caller);
  }

  /**
   * @throws IllegalStateException when no filter set one: a handler mounted outside the filters
   *     fails closed rather than serving an open call
   */
  public static Caller of(HttpExchange exchange) {
    if (exchange.getAttribute(ATTRIBUTE) instanceof Caller caller) {
      return caller;
    }
    throw new IllegalStateException("no caller: the exchange passed no authentication filter");
  }
}
