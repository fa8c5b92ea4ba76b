package dev.mnemos.app;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's key and certificate chain, and the CAs that sign client certificates, shared by the
 * gRPC port and the HTTP port. When they come from files (cert-manager's mounted secret), the files
 * are read again on a schedule and a change is served from the next handshake on, without a
 * restart; connections already open keep theirs. A half-written rotation (a new certificate beside
 * the old key) is logged and skipped until the files agree again.
 */
final class ServerCertificates implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ServerCertificates.class);

  /** The PEM texts one configuration gives; {@code clientCa} empty when clients are not asked. */
  record Pem(String key, String certificateChain, Optional<String> clientCa) {}

  private final AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
  private final @Nullable AdvancedTlsX509TrustManager clientAuthorities;
  private @Nullable ScheduledExecutorService reloads;

  /** Certificates that stay as given (MLMD's {@code ssl_config}). */
  static ServerCertificates fixed(Pem pem) {
    return new ServerCertificates(pem);
  }

  /**
   * Certificates read from {@code source} now, and again every {@code interval}.
   *
   * @throws IllegalArgumentException when the first reading cannot be used
   */
  static ServerCertificates reloading(Supplier<Pem> source, Duration interval) {
    Pem first = source.get();
    ServerCertificates certificates = new ServerCertificates(first);
    log.info("TLS certificate {}", describe(first));
    certificates.reloads =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("mnemos-tls-reload").daemon().factory());
    Reload reload = new Reload(certificates, source, first);
    certificates.reloads.scheduleWithFixedDelay(
        reload::run, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return certificates;
  }

  /**
   * One look at the files. What goes wrong is logged once (not at every look while it lasts), and
   * the certificates in use stay.
   */
  private static final class Reload {
    private final ServerCertificates certificates;
    private final Supplier<Pem> source;
    private Pem served;
    private @Nullable String problem;

    Reload(ServerCertificates certificates, Supplier<Pem> source, Pem served) {
      this.certificates = certificates;
      this.source = source;
      this.served = served;
    }

    void run() {
      try {
        Pem now = source.get();
        if (!now.equals(served)) {
          certificates.update(now);
          served = now;
          log.info("TLS certificate reloaded: {}", describe(now));
        }
        problem = null;
      } catch (RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        if (!message.equals(problem)) {
          log.warn("TLS certificates not reloaded, the last good ones stay: {}", message);
          problem = message;
        }
      }
    }
  }

  @Override
  public void close() {
    if (reloads != null) {
      reloads.shutdownNow();
    }
  }

  /**
   * @throws IllegalArgumentException naming what in {@code pem} cannot be used
   */
  private ServerCertificates(Pem pem) {
    try {
      clientAuthorities =
          pem.clientCa().isPresent()
              ? AdvancedTlsX509TrustManager.newBuilder()
                  .setVerification(
                      AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
                  .build()
              : null;
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK's trust managers are missing", e);
    }
    update(pem);
  }

  /** Whether clients must show a certificate signed by one of the client CAs. */
  boolean verifiesClients() {
    return clientAuthorities != null;
  }

  /**
   * Serves {@code pem} from the next handshake on. Whether clients are verified stays as it was
   * when this was made: a rotation changes certificates, not the policy.
   *
   * @throws IllegalArgumentException naming what cannot be used; the certificates in use stay
   */
  private void update(Pem pem) {
    X509Certificate[] chain = certificates("certificate", pem.certificateChain());
    PrivateKey key;
    try {
      key = PemPrivateKey.parse(pem.key());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key: " + e.getMessage(), e);
    }
    if (!signsFor(key, chain[0])) {
      throw new IllegalArgumentException(
          "key: it is not the key of the certificate for "
              + chain[0].getSubjectX500Principal().getName());
    }
    if ((clientAuthorities != null) != pem.clientCa().isPresent()) {
      throw new IllegalArgumentException(
          "client CA: given or left out unlike at the start; restart to change the policy");
    }
    X509Certificate[] authorities =
        pem.clientCa().map(ca -> certificates("client CA", ca)).orElse(null);
    keys.updateIdentityCredentials(chain, key);
    if (clientAuthorities != null && authorities != null) {
      try {
        clientAuthorities.updateTrustCredentials(authorities);
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalArgumentException("client CA: " + e.getMessage(), e);
      }
    }
  }

  /** The subject and expiry of the certificate served, for logs. */
  static String describe(Pem pem) {
    X509Certificate leaf = certificates("certificate", pem.certificateChain())[0];
    return leaf.getSubjectX500Principal().getName() + ", valid until " + leaf.getNotAfter();
  }

  /** For gRPC: TLS, and when client CAs are given, only clients with a certificate they sign. */
  ServerCredentials grpc() {
    TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder().keyManager(keys);
    if (clientAuthorities != null) {
      builder.trustManager(clientAuthorities).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
    }
    return builder.build();
  }

  /**
   * For HTTPS. Client certificates are asked for, not required, at the handshake: the HTTP server
   * refuses a request without one itself, except the probes, which the kubelet sends without.
   */
  SSLContext https() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          new KeyManager[] {keys},
          clientAuthorities == null ? null : new TrustManager[] {clientAuthorities},
          null);
      return context;
    } catch (NoSuchAlgorithmException | KeyManagementException e) {
      throw new IllegalStateException("the JDK offers no TLS context: " + e.getMessage(), e);
    }
  }

  /** Whether {@code key} is the private half of {@code certificate}'s public key. */
  private static boolean signsFor(PrivateKey key, X509Certificate certificate) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm();
        };
    byte[] probe = "mnemos".getBytes(StandardCharsets.UTF_8);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static X509Certificate[] certificates(String what, String pem) {
    try {
      return PemCertificates.parse(pem);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }
}
