package dev.mnemos.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * TLS from files, as a cert-manager secret mounts them ({@code tls.crt}, {@code tls.key}, {@code
 * ca.crt}), read again while serving so that a renewed certificate needs no restart. The same
 * certificates serve the gRPC port and the HTTP port.
 */
final class TlsOptions {

  @Option(
      names = "--tls_cert_file",
      description = "PEM certificate chain of the server: gRPC and HTTP serve TLS with it.")
  @Nullable Path certFile;

  @Option(
      names = "--tls_key_file",
      description = "PEM private key of --tls_cert_file (PKCS#8, PKCS#1 or SEC1).")
  @Nullable Path keyFile;

  @Option(
      names = "--tls_client_ca_file",
      description =
          "PEM CA certificates: clients must show a certificate one of them signs (mutual TLS).")
  @Nullable Path clientCaFile;

  @Option(
      names = "--tls_reload_seconds",
      defaultValue = "30",
      description =
          "How often the TLS files are read again for a renewed certificate (default"
              + " ${DEFAULT-VALUE}).")
  double reloadSeconds;

  /**
   * The certificates of the files, or empty without {@code --tls_cert_file}.
   *
   * @throws IllegalArgumentException naming the flag that cannot be honoured
   */
  Optional<ServerCertificates> certificates() {
    if (certFile == null && keyFile == null && clientCaFile == null) {
      return Optional.empty();
    }
    Path cert = certFile;
    Path key = keyFile;
    if (cert == null || key == null) {
      throw new IllegalArgumentException(
          "--tls_cert_file and --tls_key_file go together"
              + (clientCaFile != null ? ", and --tls_client_ca_file needs them" : ""));
    }
    if (!(reloadSeconds > 0)) {
      throw new IllegalArgumentException(
          "--tls_reload_seconds must be more than 0, not " + reloadSeconds);
    }
    Path clientCa = clientCaFile;
    try {
      return Optional.of(
          ServerCertificates.reloading(
              () ->
                  new ServerCertificates.Pem(
                      read("--tls_key_file", key),
                      read("--tls_cert_file", cert),
                      clientCa == null
                          ? Optional.empty()
                          : Optional.of(read("--tls_client_ca_file", clientCa))),
              Duration.ofMillis(Math.round(reloadSeconds * 1000))));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--tls_*_file: " + e.getMessage(), e);
    }
  }

  private static String read(String flag, Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(flag + ": cannot read " + file + ": " + e, e);
    }
  }
}
