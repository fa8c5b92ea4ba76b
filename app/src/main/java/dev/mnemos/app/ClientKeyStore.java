package dev.mnemos.app;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;

/**
 * A database client's own key and certificate (PEM files, as libmysqlclient and libpq take them) as
 * the PKCS#12 file Java's database drivers read: made for this process, readable by its user alone,
 * deleted at exit, with a password that lives in memory only.
 */
record ClientKeyStore(Path file, String password) {

  /**
   * @throws IllegalArgumentException when the key cannot be read or parsed
   */
  static ClientKeyStore of(Path keyFile, List<Certificate> certificates) {
    String password = randomPassword();
    String key;
    try {
      key = Files.readString(keyFile);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + keyFile + ": " + e, e);
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "client",
          PemPrivateKey.parse(key),
          password.toCharArray(),
          certificates.toArray(Certificate[]::new));
      Path file =
          Files.createTempFile(
              "mnemos-db-client",
              ".p12",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      file.toFile().deleteOnExit();
      try (OutputStream out = Files.newOutputStream(file)) {
        store.store(out, password.toCharArray());
      }
      return new ClientKeyStore(file, password);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "cannot make the client's key store: " + e.getMessage(), e);
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
