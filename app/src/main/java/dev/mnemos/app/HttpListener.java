package dev.mnemos.app;

import dev.mnemos.mlflow.MlflowTracking;
import dev.mnemos.query.http.HttpsSettings;
import java.util.Optional;
import java.util.Set;

/**
 * Where the HTTP port listens, with which certificates when it serves HTTPS, the origins whose
 * pages may call it across origins, and where the experiments created through its MLflow API keep
 * their artifacts.
 */
record HttpListener(
    int port,
    Optional<ServerCertificates> tls,
    Set<String> allowedOrigins,
    String mlflowArtifactRoot) {

  static HttpListener plain(int port) {
    return new HttpListener(port, Optional.empty(), Set.of(), MlflowTracking.DEFAULT_ARTIFACT_ROOT);
  }

  Optional<HttpsSettings> https() {
    return tls.map(
        certificates -> new HttpsSettings(certificates.https(), certificates.verifiesClients()));
  }
}
