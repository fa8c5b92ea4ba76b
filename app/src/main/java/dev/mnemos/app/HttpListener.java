package dev.mnemos.app;

import dev.mnemos.query.http.HttpsSettings;
import java.util.Optional;
import java.util.Set;

/**
 * Where the HTTP port listens, with which certificates when it serves HTTPS, and the origins whose
 * pages may call it across origins.
 */
record HttpListener(int port, Optional<ServerCertificates> tls, Set<String> allowedOrigins) {

  static HttpListener plain(int port) {
    return new HttpListener(port, Optional.empty(), Set.of());
  }

  Optional<HttpsSettings> https() {
    return tls.map(
        certificates -> new HttpsSettings(certificates.https(), certificates.verifiesClients()));
  }
}
