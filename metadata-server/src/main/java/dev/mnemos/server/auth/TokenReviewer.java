package dev.mnemos.server.auth;

import java.util.Optional;
import java.util.Set;

/** Checks a bearer token with whoever issued it (the Kubernetes API's TokenReview). */
public interface TokenReviewer {

  /** The user a token stands for. */
  record Identity(String name, Set<String> groups) {}

  /**
   * The token's user, or empty when the token is not valid.
   *
   * @throws AuthenticationException when the token cannot be checked now (the API unreachable)
   */
  Optional<Identity> review(String token);
}
