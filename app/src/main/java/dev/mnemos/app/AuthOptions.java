package dev.mnemos.app;

import dev.mnemos.server.auth.AddressRange;
import dev.mnemos.server.auth.AuthSettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Who may call. Off by default, as the reference server is, so KFP's driver and launcher, which
 * send no credentials, keep working; {@code --auth=kubernetes} asks every call for a service
 * account's token or the gateway's user header.
 */
final class AuthOptions {

  enum Mode {
    NONE,
    KUBERNETES
  }

  @Option(
      names = "--auth",
      defaultValue = "none",
      description =
          "none (every call may do everything, as with the reference server) or kubernetes"
              + " (bearer tokens checked by TokenReview, or the gateway's user header).")
  String mode;

  @Option(
      names = "--auth_user_header",
      defaultValue = AuthSettings.KUBEFLOW_USER_HEADER,
      description = "The header in which the gateway names the user (default ${DEFAULT-VALUE}).")
  String userHeader;

  @Option(
      names = "--auth_trusted_proxies",
      split = ",",
      description =
          "Addresses or CIDR ranges (the gateway's) the user header is believed from; otherwise"
              + " only a connection with a client certificate may send it.")
  @Nullable List<String> trustedProxies;

  @Option(
      names = "--auth_admins",
      split = ",",
      description =
          "Users, service accounts (system:serviceaccount:ns:name) or groups that may read and"
              + " write every namespace.")
  @Nullable Set<String> admins;

  @Option(
      names = "--auth_default_namespace",
      defaultValue = "",
      description =
          "The namespace of nodes that have none (KFP's pipeline contexts): only callers who may"
              + " read it see them, only those who may write it link to them. Empty (the default):"
              + " such nodes are shared by every caller.")
  String defaultNamespace;

  /**
   * @throws IllegalArgumentException naming the flag that cannot be honoured
   */
  Mode mode() {
    try {
      return Mode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--auth: '" + mode + "' is neither none nor kubernetes", e);
    }
  }

  /**
   * @throws IllegalArgumentException naming the flag that cannot be honoured
   */
  AuthSettings settings() {
    if (userHeader.isBlank() || !userHeader.matches("[A-Za-z0-9-]+")) {
      throw new IllegalArgumentException(
          "--auth_user_header: '" + userHeader + "' is no HTTP header name");
    }
    List<AddressRange> proxies;
    try {
      proxies =
          trustedProxies == null
              ? List.of()
              : trustedProxies.stream().filter(p -> !p.isBlank()).map(AddressRange::parse).toList();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--auth_trusted_proxies: " + e.getMessage(), e);
    }
    return new AuthSettings(
        userHeader,
        proxies,
        admins == null ? Set.of() : admins,
        Duration.ofMinutes(1),
        defaultNamespace.strip());
  }
}
