package dev.mnemos.app;

import dev.mnemos.server.auth.AuthenticationException;
import dev.mnemos.server.auth.TokenReviewer;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer tokens checked by the Kubernetes API (TokenReview), as the API server checks them: a
 * pipeline pod's projected service-account token names its service account and namespace. Mnemos'
 * own service account needs {@code create} on {@code tokenreviews} (the {@code
 * system:auth-delegator} cluster role).
 */
final class KubernetesTokenReviewer implements TokenReviewer {

  private final KubernetesClient client;

  KubernetesTokenReviewer(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<Identity> review(String token) {
    TokenReview review = new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build();
    TokenReview answer;
    try {
      answer = client.resource(review).create();
    } catch (KubernetesClientException e) {
      throw AuthenticationException.checkerAway(
          "the Kubernetes API did not review the token (HTTP " + e.getCode() + ")", e);
    }
    TokenReviewStatus status = answer == null ? null : answer.getStatus();
    if (status == null || !Boolean.TRUE.equals(status.getAuthenticated())) {
      return Optional.empty();
    }
    UserInfo user = status.getUser();
    if (user == null || user.getUsername() == null || user.getUsername().isBlank()) {
      return Optional.empty();
    }
    List<String> groups = user.getGroups() == null ? List.of() : user.getGroups();
    return Optional.of(new Identity(user.getUsername(), Set.copyOf(groups)));
  }
}
