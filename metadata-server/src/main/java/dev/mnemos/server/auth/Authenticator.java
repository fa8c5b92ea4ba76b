package dev.mnemos.server.auth;

/** Turns a request's credentials into its caller. */
@FunctionalInterface
public interface Authenticator {

  /** Authentication off: every request is {@link Caller#OPEN}, as with the reference server. */
  Authenticator OPEN = credentials -> Caller.OPEN;

  /**
   * @throws AuthenticationException when the credentials establish no caller
   */
  Caller authenticate(Credentials credentials);

  /** Whether callers can be anything but {@link Caller#OPEN}. */
  default boolean enabled() {
    return this != OPEN;
  }
}
