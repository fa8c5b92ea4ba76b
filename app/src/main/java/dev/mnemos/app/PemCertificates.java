package dev.mnemos.app;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/** X.509 certificates from PEM text: a chain, or a bundle of CAs. */
final class PemCertificates {

  private PemCertificates() {}

  /**
   * @throws IllegalArgumentException "no PEM certificate", with the parser's reason when it gave
   *     one; callers put in front what held the text
   */
  static X509Certificate[] parse(String pem) {
    X509Certificate[] certificates;
    try {
      certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)))
              .stream()
              .map(X509Certificate.class::cast)
              .toArray(X509Certificate[]::new);
    } catch (CertificateException e) {
      throw new IllegalArgumentException("no PEM certificate: " + e.getMessage(), e);
    }
    if (certificates.length == 0) {
      throw new IllegalArgumentException("no PEM certificate");
    }
    return certificates;
  }
}
