package dev.mnemos.server.auth;

import org.jspecify.annotations.Nullable;

/**
 * A request whose credentials establish no caller: UNAUTHENTICATED in gRPC, 401 in HTTP; or, when
 * {@link #checkerAway()}, one whose credentials cannot be checked now (the Kubernetes API away):
 * UNAVAILABLE, 503, so that the client tries again. The message says what was missing or refused,
 * never the credentials themselves.
 */
public final class AuthenticationException extends RuntimeException {

  private final boolean checkerAway;

  private AuthenticationException(String message, boolean checkerAway, @Nullable Throwable cause) {
    super(message, cause);
    this.checkerAway = checkerAway;
  }

  public AuthenticationException(String message) {
    this(message, false, null);
  }

  /** The credentials could not be checked: the checker did not answer. */
  public static AuthenticationException checkerAway(String message, Throwable cause) {
    return new AuthenticationException(message, true, cause);
  }

  public boolean checkerAway() {
    return checkerAway;
  }
}
