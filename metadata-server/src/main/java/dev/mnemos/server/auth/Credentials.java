package dev.mnemos.server.auth;

import java.net.InetAddress;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * What a request shows of who sends it, as the protocol adapter found it.
 *
 * @param bearerToken the token of an {@code Authorization: Bearer} header
 * @param gatewayUser the value of the gateway's user header ({@code kubeflow-userid})
 * @param peer the address the request came from (the gateway's, when it came through one)
 * @param clientCertificate whether the connection showed a client certificate that the server's
 *     client CA signed (mutual TLS)
 */
public record Credentials(
    Optional<String> bearerToken,
    Optional<String> gatewayUser,
    Optional<InetAddress> peer,
    boolean clientCertificate) {

  private static final String BEARER = "bearer ";

  /**
   * Whether a TLS session's peer showed a certificate (the handshake verified it against the CA).
   */
  public static boolean certified(@Nullable SSLSession session) {
    if (session == null) {
      return false;
    }
    try {
      return session.getPeerCertificates().length > 0;
    } catch (SSLPeerUnverifiedException e) {
      return false;
    }
  }

  /** The token of an {@code Authorization} header's value, if it is a bearer token. */
  public static Optional<String> bearer(String authorization) {
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    String token = authorization.substring(BEARER.length()).strip();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }
}
