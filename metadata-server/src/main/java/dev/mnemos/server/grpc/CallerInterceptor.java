package dev.mnemos.server.grpc;

import dev.mnemos.server.auth.AuthenticationException;
import dev.mnemos.server.auth.Authenticator;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.auth.Credentials;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Establishes each call's {@link Caller} before the service sees it, and refuses the call
 * (UNAUTHENTICATED, or UNAVAILABLE when the credentials cannot be checked now) when there is none.
 * The service reads the caller with {@link #current()}.
 */
public final class CallerInterceptor implements ServerInterceptor {

  private static final Context.Key<Caller> CALLER = Context.key("mnemos-caller");
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private interface CallerOf {
    Caller of(ServerCall<?, ?> call, Metadata headers);
  }

  private final CallerOf callers;

  private CallerInterceptor(CallerOf callers) {
    this.callers = callers;
  }

  /** The caller of the call being served. */
  public static Caller current() {
    Caller caller = CALLER.get();
    if (caller == null) {
      // A server built without this interceptor: fail closed, never as an open call.
      throw new IllegalStateException("no caller: the server has no CallerInterceptor");
    }
    return caller;
  }

  /** Calls from the network: their credentials, checked by {@code authenticator}. */
  public static CallerInterceptor authenticating(Authenticator authenticator, String userHeader) {
    if (!authenticator.enabled()) {
      return fixed(Caller.OPEN);
    }
    Metadata.Key<String> user = Metadata.Key.of(userHeader, Metadata.ASCII_STRING_MARSHALLER);
    return new CallerInterceptor(
        (call, headers) ->
            authenticator.authenticate(
                new Credentials(
                    Credentials.bearer(headers.get(AUTHORIZATION)),
                    Optional.ofNullable(headers.get(user)),
                    address(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)),
                    Credentials.certified(
                        call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)))));
  }

  /** Every call is {@code caller}'s (Mnemos' own in-process writers). */
  public static CallerInterceptor fixed(Caller caller) {
    return new CallerInterceptor((call, headers) -> caller);
  }

  /**
   * Calls that the HTTP port authenticated and forwards in-process (gRPC-web), with the caller in
   * {@link ForwardedCaller}'s header. Only an in-process server may take these: the header is
   * believed as it is.
   */
  public static CallerInterceptor forwarded() {
    return new CallerInterceptor(
        (call, headers) ->
            ForwardedCaller.read(headers)
                .orElseThrow(() -> new AuthenticationException("no forwarded caller")));
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
    Caller caller;
    try {
      caller = callers.of(call, headers);
    } catch (AuthenticationException e) {
      Status status = e.checkerAway() ? Status.UNAVAILABLE : Status.UNAUTHENTICATED;
      call.close(status.withDescription(e.getMessage()), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
  }

  private static Optional<java.net.InetAddress> address(@Nullable SocketAddress address) {
    return address instanceof InetSocketAddress inet && inet.getAddress() != null
        ? Optional.of(inet.getAddress())
        : Optional.empty();
  }
}
