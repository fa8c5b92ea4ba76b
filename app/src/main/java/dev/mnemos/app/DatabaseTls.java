package dev.mnemos.app;

import dev.mnemos.proto.mlmd.MySQLDatabaseConfig.SSLOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * MLMD's {@code ssl_options} for MySQL, as MariaDB's driver takes them. The reference server hands
 * them to libmysqlclient: {@code ca} and {@code capath} are the CAs that sign the database's
 * certificate, {@code key} and {@code cert} the client's own (PEM files), {@code
 * verify_server_cert} checks that the certificate names the host. Any of them asks for TLS.
 */
final class DatabaseTls {

  private static final String FIELD = "connection_config.mysql.ssl_options.";

  private DatabaseTls() {}

  /**
   * The driver's properties for {@code ssl}.
   *
   * @throws IllegalArgumentException naming the option that cannot be used
   */
  static Map<String, String> driverProperties(SSLOptions ssl) {
    if (ssl.hasCipher() && !ssl.getCipher().isBlank()) {
      throw new IllegalArgumentException(
          FIELD
              + "cipher: OpenSSL cipher names mean nothing to Java; leave it out (Java's defaults"
              + " are TLS 1.2 and 1.3 suites) or give --db a URL with enabledSslCipherSuites");
    }
    Map<String, String> properties = new LinkedHashMap<>();
    List<Certificate> authorities = new ArrayList<>();
    if (!ssl.getCa().isBlank()) {
      authorities.addAll(certificates("ca", Path.of(ssl.getCa())));
    }
    if (!ssl.getCapath().isBlank()) {
      authorities.addAll(folderOfCertificates(Path.of(ssl.getCapath())));
    }
    if (authorities.isEmpty()) {
      if (ssl.getVerifyServerCert()) {
        throw new IllegalArgumentException(
            FIELD + "verify_server_cert needs ca or capath, the CA that signs the database's");
      }
      // As libmysqlclient: TLS without a CA encrypts but trusts whatever the server shows.
      properties.put("sslMode", "trust");
    } else {
      properties.put("sslMode", ssl.getVerifyServerCert() ? "verify-full" : "verify-ca");
      properties.put("serverSslCert", pem(authorities));
    }
    boolean key = !ssl.getKey().isBlank();
    boolean cert = !ssl.getCert().isBlank();
    if (key != cert) {
      throw new IllegalArgumentException(FIELD + "key and cert go together, the client's own");
    }
    if (key) {
      properties.putAll(clientKeyStore(Path.of(ssl.getKey()), Path.of(ssl.getCert())));
    }
    return properties;
  }

  /** The driver reads a client key only from a key store file. */
  private static Map<String, String> clientKeyStore(Path keyFile, Path certFile) {
    try {
      ClientKeyStore store = ClientKeyStore.of(keyFile, certificates("cert", certFile));
      return Map.of(
          "keyStore",
          store.file().toString(),
          "keyStorePassword",
          store.password(),
          "keyStoreType",
          "PKCS12");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(FIELD + "key: " + keyFile + ": " + e.getMessage(), e);
    }
  }

  private static List<Certificate> folderOfCertificates(Path folder) {
    List<Certificate> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (Files.isRegularFile(file) && name.matches(".*\\.(pem|crt|[0-9a-f]{8}\\.[0-9]+)")) {
          all.addAll(certificates("capath", file));
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(FIELD + "capath: cannot read " + folder + ": " + e, e);
    }
    if (all.isEmpty()) {
      throw new IllegalArgumentException(FIELD + "capath: no certificate in " + folder);
    }
    return all;
  }

  private static List<Certificate> certificates(String option, Path file) {
    try {
      return List.of(PemCertificates.parse(read(option, file)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          FIELD + option + ": " + file + " holds " + e.getMessage(), e);
    }
  }

  private static String read(String option, Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(FIELD + option + ": cannot read " + file + ": " + e, e);
    }
  }

  private static String pem(List<Certificate> certificates) {
    StringBuilder text = new StringBuilder();
    Base64.Encoder base64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
    for (Certificate certificate : certificates) {
      try {
        text.append("-----BEGIN CERTIFICATE-----\n")
            .append(base64.encodeToString(certificate.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("a parsed certificate has no encoding", e);
      }
    }
    return text.toString();
  }
}
