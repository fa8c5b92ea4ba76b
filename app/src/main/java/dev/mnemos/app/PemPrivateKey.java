package dev.mnemos.app;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private key from PEM text in any of the encodings certificate tools write: PKCS#8 ({@code BEGIN
 * PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}, cert-manager's default) and SEC1 EC
 * ({@code BEGIN EC PRIVATE KEY}). The JDK reads only PKCS#8, so the other two are wrapped in the
 * PKCS#8 structure they are the inner part of.
 */
final class PemPrivateKey {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----([^-]*)-----END \\1PRIVATE KEY-----");

  /** DER of the OID 1.2.840.113549.1.1.1 (rsaEncryption) and a NULL parameter. */
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  /** DER of the OID 1.2.840.10045.2.1 (id-ecPublicKey), without its enclosing sequence. */
  private static final byte[] EC_PUBLIC_KEY = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  private PemPrivateKey() {}

  /**
   * @throws IllegalArgumentException when {@code pem} holds no private key this can read
   */
  static PrivateKey parse(String pem) {
    Matcher block = BLOCK.matcher(pem);
    if (!block.find()) {
      throw new IllegalArgumentException("no PEM private key (BEGIN ... PRIVATE KEY) found");
    }
    String kind = block.group(1).strip();
    byte[] der = Base64.getMimeDecoder().decode(block.group(2).strip());
    try {
      return switch (kind) {
        case "" -> pkcs8(der);
        case "RSA" ->
            KeyFactory.getInstance("RSA")
                .generatePrivate(
                    new PKCS8EncodedKeySpec(
                        sequence(INTEGER_ZERO, RSA_ALGORITHM, tagged(0x04, der))));
        case "EC" ->
            KeyFactory.getInstance("EC")
                .generatePrivate(
                    new PKCS8EncodedKeySpec(
                        sequence(
                            INTEGER_ZERO,
                            sequence(EC_PUBLIC_KEY, sec1Curve(der)),
                            tagged(0x04, der))));
        default ->
            throw new IllegalArgumentException(
                "a " + kind + " PRIVATE KEY cannot be read; give it unencrypted");
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the private key cannot be read: " + e.getMessage(), e);
    }
  }

  private static final byte[] INTEGER_ZERO = {0x02, 0x01, 0x00};

  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // Try the next: PKCS#8 names its algorithm, but the JDK wants it named first.
      }
    }
    throw new GeneralSecurityException("not an RSA, EC or Ed25519 PKCS#8 key");
  }

  /** The curve's OID from a SEC1 key's {@code [0] parameters}, as DER. */
  private static byte[] sec1Curve(byte[] sec1) {
    int at = contentStart(sec1, 0);
    while (at < sec1.length) {
      int tag = sec1[at] & 0xff;
      int content = contentStart(sec1, at);
      int end = content + contentLength(sec1, at);
      if (tag == 0xa0) {
        return Arrays.copyOfRange(sec1, content, end);
      }
      at = end;
    }
    throw new IllegalArgumentException("the EC PRIVATE KEY does not name its curve");
  }

  private static int contentStart(byte[] der, int at) {
    int first = der[at + 1] & 0xff;
    return at + 2 + (first < 0x80 ? 0 : first & 0x7f);
  }

  private static int contentLength(byte[] der, int at) {
    int first = der[at + 1] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int length = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      length = (length << 8) | (der[at + 2 + i] & 0xff);
    }
    return length;
  }

  private static byte[] sequence(byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      content.writeBytes(part);
    }
    return tagged(0x30, content.toByteArray());
  }

  private static byte[] tagged(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
