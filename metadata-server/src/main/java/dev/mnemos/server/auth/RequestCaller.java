package dev.mnemos.server.auth;

/**
 * The caller of the request the current thread serves, bound by the protocol adapter around each
 * store call (gRPC: {@code Calls.unary}). The store asks it where a rule depends on who writes (a
 * write into a namespace); it is not a way to pass anything else. Unbound means no request: Mnemos'
 * own maintenance (back-fills at start).
 */
public final class RequestCaller {

  public static final ScopedValue<Caller> CURRENT = ScopedValue.newInstance();

  private RequestCaller() {}
}
