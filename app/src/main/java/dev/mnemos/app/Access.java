package dev.mnemos.app;

import dev.mnemos.server.auth.AuthSettings;
import dev.mnemos.server.auth.Authenticator;
import dev.mnemos.server.auth.RequestAuthenticator;
import dev.mnemos.server.tenancy.NamespaceAccess;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Optional;

/**
 * Who may call, for both ports, and what in: the authenticator, the gateway's user header, the
 * rights in namespaces, the namespace of nodes without one ({@code ""}: shared), and the Kubernetes
 * client that checks tokens and rights, closed with the services.
 */
record Access(
    Authenticator authenticator,
    String gatewayUserHeader,
    NamespaceAccess namespaces,
    String defaultNamespace,
    Optional<KubernetesClient> client)
    implements AutoCloseable {

  /** Authentication off. */
  static final Access OPEN =
      new Access(
          Authenticator.OPEN,
          AuthSettings.KUBEFLOW_USER_HEADER,
          NamespaceAccess.OPEN,
          "",
          Optional.empty());

  /** Tokens checked by the cluster the usual places name (in-cluster, KUBECONFIG, ~/.kube). */
  static Access kubernetes(AuthSettings settings) {
    return kubernetes(settings, new KubernetesClientBuilder().build());
  }

  /** Tokens checked through {@code client}, which this closes. */
  static Access kubernetes(AuthSettings settings, KubernetesClient client) {
    return new Access(
        new RequestAuthenticator(settings, new KubernetesTokenReviewer(client)),
        settings.gatewayUserHeader(),
        new KubernetesAccessReview(client),
        settings.defaultNamespace(),
        Optional.of(client));
  }

  @Override
  public void close() {
    client.ifPresent(KubernetesClient::close);
  }
}
