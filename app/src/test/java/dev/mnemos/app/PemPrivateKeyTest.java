package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys in each encoding certificate tools write read as the same key openssl's own PKCS#8
 * conversion gives.
 */
class PemPrivateKeyTest {

  @TempDir Path folder;

  private PrivateKey read(String file) throws Exception {
    return PemPrivateKey.parse(Files.readString(folder.resolve(file)));
  }

  private void assertSameKeyAsItsPkcs8(String file) throws Exception {
    TestCertificates.openssl(
        folder, "pkcs8", "-topk8", "-nocrypt", "-in", file, "-out", file + ".pk8");
    assertThat(Files.readString(folder.resolve(file + ".pk8"))).contains("BEGIN PRIVATE KEY");
    PrivateKey key = read(file);
    PrivateKey pkcs8 = read(file + ".pk8");
    if (key instanceof ECPrivateKey ec && pkcs8 instanceof ECPrivateKey expected) {
      // openssl drops the curve from the inner SEC1 structure, which the JDK keeps: same key.
      assertThat(ec.getS()).isEqualTo(expected.getS());
      assertThat(ec.getParams().getOrder()).isEqualTo(expected.getParams().getOrder());
    } else {
      assertThat(key.getEncoded()).isEqualTo(pkcs8.getEncoded());
    }
  }

  @Test
  void pkcs1RsaAsCertManagerWritesIt() throws Exception {
    TestCertificates.openssl(folder, "genrsa", "-traditional", "-out", "rsa.key", "2048");
    assertThat(Files.readString(folder.resolve("rsa.key"))).contains("BEGIN RSA PRIVATE KEY");
    assertSameKeyAsItsPkcs8("rsa.key");
    assertThat(read("rsa.key").getAlgorithm()).isEqualTo("RSA");
  }

  @Test
  void sec1EllipticCurve() throws Exception {
    for (String curve : new String[] {"prime256v1", "secp384r1"}) {
      String file = curve + ".key";
      TestCertificates.openssl(
          folder, "ecparam", "-genkey", "-name", curve, "-noout", "-out", file);
      assertThat(Files.readString(folder.resolve(file))).contains("BEGIN EC PRIVATE KEY");
      assertSameKeyAsItsPkcs8(file);
      assertThat(read(file).getAlgorithm()).isEqualTo("EC");
    }
  }

  @Test
  void encryptedOrMissingKeysAreRefusedByName() throws Exception {
    TestCertificates.openssl(folder, "genrsa", "-out", "plain.key", "2048");
    TestCertificates.openssl(
        folder,
        "pkcs8",
        "-topk8",
        "-in",
        "plain.key",
        "-out",
        "encrypted.key",
        "-passout",
        "pass:x");
    assertThatThrownBy(() -> read("encrypted.key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ENCRYPTED PRIVATE KEY cannot be read");
    assertThatThrownBy(() -> PemPrivateKey.parse("no key here"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no PEM private key");
  }
}
