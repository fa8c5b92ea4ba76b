package dev.mnemos.app;

import dev.mnemos.server.auth.AuthenticationException;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.tenancy.NamespaceAccess;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Namespace rights asked of the Kubernetes API (SubjectAccessReview), as KFP's API server asks them
 * for runs: reading a namespace's metadata is {@code list} on {@code pipelines.kubeflow.org/runs}
 * there, writing is {@code create}. Answers are kept for half a minute. Mnemos' own service account
 * needs {@code create} on {@code subjectaccessreviews} (the {@code system:auth-delegator} cluster
 * role).
 */
final class KubernetesAccessReview implements NamespaceAccess {

  static final String GROUP = "pipelines.kubeflow.org";
  static final String RESOURCE = "runs";
  private static final Duration KEEP = Duration.ofSeconds(30);
  private static final int MAX_KEPT = 10_000;

  private record Question(String user, List<String> groups, Action action, String namespace) {}

  private record Answer(boolean allowed, long expiresAtNanos) {}

  private final KubernetesClient client;
  private final LongSupplier nanoTime;
  private final Map<Question, Answer> answers = new ConcurrentHashMap<>();

  KubernetesAccessReview(KubernetesClient client) {
    this(client, System::nanoTime);
  }

  KubernetesAccessReview(KubernetesClient client, LongSupplier nanoTime) {
    this.client = client;
    this.nanoTime = nanoTime;
  }

  @Override
  public boolean may(Caller caller, Action action, String namespace) {
    if (caller.admin()) {
      return true;
    }
    Question question =
        new Question(caller.name(), caller.groups().stream().sorted().toList(), action, namespace);
    long now = nanoTime.getAsLong();
    Answer kept = answers.get(question);
    if (kept != null && now - kept.expiresAtNanos() < 0) {
      return kept.allowed();
    }
    boolean allowed = ask(question);
    if (answers.size() >= MAX_KEPT) {
      answers.clear();
    }
    answers.put(question, new Answer(allowed, now + KEEP.toNanos()));
    return allowed;
  }

  private boolean ask(Question question) {
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(question.user())
            .withGroups(question.groups())
            .withNewResourceAttributes()
            .withNamespace(question.namespace())
            .withVerb(question.action() == Action.READ ? "list" : "create")
            .withGroup(GROUP)
            .withResource(RESOURCE)
            .endResourceAttributes()
            .endSpec()
            .build();
    try {
      SubjectAccessReview answer = client.resource(review).create();
      return answer != null
          && answer.getStatus() != null
          && Boolean.TRUE.equals(answer.getStatus().getAllowed());
    } catch (KubernetesClientException e) {
      throw AuthenticationException.checkerAway(
          "the Kubernetes API did not answer an access review (HTTP " + e.getCode() + ")", e);
    }
  }
}
