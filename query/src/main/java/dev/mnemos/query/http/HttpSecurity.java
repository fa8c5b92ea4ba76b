package dev.mnemos.query.http;

import dev.mnemos.server.auth.AuthSettings;
import dev.mnemos.server.auth.Authenticator;
import java.util.Optional;
import java.util.Set;

/**
 * How the HTTP port is protected.
 *
 * @param https TLS on the port, or plain HTTP
 * @param authenticator who each request is ({@link Authenticator#OPEN} when authentication is off)
 * @param gatewayUserHeader the header in which Kubeflow's gateway names the user
 * @param allowedOrigins the origins whose pages may call across origins (CORS); none by default
 */
public record HttpSecurity(
    Optional<HttpsSettings> https,
    Authenticator authenticator,
    String gatewayUserHeader,
    Set<String> allowedOrigins) {

  public HttpSecurity {
    allowedOrigins = Set.copyOf(allowedOrigins);
  }

  /** Plain HTTP, every request open, no cross-origin calls. */
  public static final HttpSecurity OPEN =
      new HttpSecurity(
          Optional.empty(), Authenticator.OPEN, AuthSettings.KUBEFLOW_USER_HEADER, Set.of());
}
