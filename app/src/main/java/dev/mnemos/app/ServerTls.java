package dev.mnemos.app;

import dev.mnemos.proto.mlmd.MetadataStoreServerConfig.SSLConfig;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/**
 * gRPC over TLS as the reference server sets it up from {@code ssl_config}: the server's key and
 * certificate (chain) as PEM text, an optional CA for client certificates, and {@code
 * client_verify} to require and verify them (mutual TLS).
 */
final class ServerTls {

  private ServerTls() {}

  /**
   * @throws IllegalArgumentException naming the field that cannot be used
   */
  static SslContext context(SSLConfig ssl) {
    if (ssl.getServerKey().isBlank() || ssl.getServerCert().isBlank()) {
      throw new IllegalArgumentException("ssl_config needs server_key and server_cert");
    }
    X509Certificate[] chain = certificates("ssl_config.server_cert", ssl.getServerCert());
    if (chain.length == 0) {
      throw new IllegalArgumentException("ssl_config.server_cert holds no PEM certificate");
    }
    SslContextBuilder builder;
    try {
      builder =
          GrpcSslContexts.configure(
              SslContextBuilder.forServer(PemPrivateKey.parse(ssl.getServerKey()), chain));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("ssl_config.server_key: " + e.getMessage(), e);
    }
    if (!ssl.getCustomCa().isBlank()) {
      builder.trustManager(certificates("ssl_config.custom_ca", ssl.getCustomCa()));
    } else if (ssl.getClientVerify()) {
      throw new IllegalArgumentException(
          "ssl_config.client_verify needs custom_ca, the CA that signs client certificates");
    }
    builder.clientAuth(ssl.getClientVerify() ? ClientAuth.REQUIRE : ClientAuth.NONE);
    try {
      return builder.build();
    } catch (SSLException e) {
      throw new IllegalArgumentException("ssl_config: " + e.getMessage(), e);
    }
  }

  private static X509Certificate[] certificates(String field, String pem) {
    try {
      return CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)))
          .stream()
          .map(X509Certificate.class::cast)
          .toArray(X509Certificate[]::new);
    } catch (CertificateException e) {
      throw new IllegalArgumentException(field + " holds no PEM certificate: " + e.getMessage(), e);
    }
  }
}
