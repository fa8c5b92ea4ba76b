package dev.mnemos.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates made with the openssl command line, as cert-manager would issue them for KFP: a CA
 * ({@code ca.crt}) and a server certificate ({@code tls.crt}) with its key in PKCS#1 ({@code
 * tls.key}, cert-manager's default encoding).
 */
final class TestCertificates {

  private TestCertificates() {}

  static void write(Path folder, String serverName) throws IOException, InterruptedException {
    openssl(
        folder,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-days",
        "2",
        "-subj",
        "/CN=mnemos-test-ca");
    openssl(folder, "genrsa", "-traditional", "-out", "tls.key", "2048");
    openssl(
        folder, "req", "-new", "-key", "tls.key", "-out", "tls.csr", "-subj", "/CN=" + serverName);
    Files.writeString(folder.resolve("san.ext"), "subjectAltName=DNS:" + serverName + "\n");
    openssl(
        folder,
        "x509",
        "-req",
        "-in",
        "tls.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "tls.crt",
        "-days",
        "2",
        "-extfile",
        "san.ext");
  }

  /** Runs openssl in {@code folder}; fails with its output when it fails. */
  static void openssl(Path folder, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
  }
}
