package dev.mnemos.app;

import dev.mnemos.query.http.HttpsSettings;
import java.util.Optional;

/** Where the HTTP port listens, and with which certificates when it serves HTTPS. */
record HttpListener(int port, Optional<ServerCertificates> tls) {

  static HttpListener plain(int port) {
    return new HttpListener(port, Optional.empty());
  }

  Optional<HttpsSettings> https() {
    return tls.map(
        certificates -> new HttpsSettings(certificates.https(), certificates.verifiesClients()));
  }
}
