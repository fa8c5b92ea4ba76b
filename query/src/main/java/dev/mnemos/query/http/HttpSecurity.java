package dev.mnemos.query.http;

import dev.mnemos.server.auth.AuthSettings;
import dev.mnemos.server.auth.Authenticator;
import java.util.Optional;

/**
 * How the HTTP port is protected.
 *
 * @param https TLS on the port, or plain HTTP
 * @param authenticator who each request is ({@link Authenticator#OPEN} when authentication is off)
 * @param gatewayUserHeader the header in which Kubeflow's gateway names the user
 */
public record HttpSecurity(
    Optional<HttpsSettings> https, Authenticator authenticator, String gatewayUserHeader) {

  /** Plain HTTP, every request open. */
  public static final HttpSecurity OPEN =
      new HttpSecurity(Optional.empty(), Authenticator.OPEN, AuthSettings.KUBEFLOW_USER_HEADER);
}
