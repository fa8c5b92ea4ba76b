package dev.mnemos.server.auth;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How requests are authenticated when authentication is on.
 *
 * @param gatewayUserHeader the header in which the gateway names the logged-in user (Kubeflow's
 *     {@code kubeflow-userid})
 * @param trustedProxies the addresses the user header is believed from; from anywhere else only a
 *     connection with a client certificate may send it
 * @param admins names (a user, a service account's {@code system:serviceaccount:ns:name}) or groups
 *     whose members may read and write every namespace
 * @param tokenCacheTime how long a token's review is reused
 * @param defaultNamespace the namespace of nodes that have none of their own; empty: such nodes
 *     (KFP's pipeline contexts) are shared, every caller may read and link to them
 */
public record AuthSettings(
    String gatewayUserHeader,
    List<AddressRange> trustedProxies,
    Set<String> admins,
    Duration tokenCacheTime,
    String defaultNamespace) {

  public static final String KUBEFLOW_USER_HEADER = "kubeflow-userid";

  public AuthSettings {
    gatewayUserHeader = gatewayUserHeader.toLowerCase(java.util.Locale.ROOT);
    trustedProxies = List.copyOf(trustedProxies);
    admins = Set.copyOf(admins);
  }

  boolean trustsProxy(InetAddress address) {
    return trustedProxies.stream().anyMatch(range -> range.contains(address));
  }
}
