package dev.mnemos.watcher;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mnemos.watcher.argo.ArgoKinds;
import dev.mnemos.watcher.argo.ArgoOutputs;
import dev.mnemos.watcher.argo.ArgoTaskResult;
import dev.mnemos.watcher.argo.ArgoTemplate;
import dev.mnemos.watcher.argo.ArgoWorkflow;
import dev.mnemos.watcher.argo.S3Location;
import dev.mnemos.watcher.record.StepRecord;
import dev.mnemos.watcher.step.StepPod;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins what a step's pod says with what its Argo workflow and task result say into the record the
 * store is given: the template (from the pod, else the workflow), the outputs (annotated on the pod
 * by older Argo, else its task result, else the workflow's node status) and the artifact
 * repository. Keeps the workflows and task results the informers deliver, by namespace and name.
 */
final class StepAssembler {

  private static final Logger log = LoggerFactory.getLogger(StepAssembler.class);

  private final KubernetesClient client;
  private final S3Location defaultRepository;
  private final Map<String, ArgoWorkflow> workflows = new ConcurrentHashMap<>();
  private final Map<String, ArgoTaskResult> taskResults = new ConcurrentHashMap<>();

  StepAssembler(KubernetesClient client, S3Location defaultRepository) {
    this.client = client;
    this.defaultRepository = defaultRepository;
  }

  void workflowChanged(String key, GenericKubernetesResource workflow) {
    workflows.put(key, ArgoWorkflow.of(json(workflow)));
  }

  void workflowDeleted(String key) {
    workflows.remove(key);
  }

  void taskResultChanged(String key, GenericKubernetesResource taskResult) {
    taskResults.put(key, ArgoTaskResult.of(json(taskResult)));
  }

  void taskResultDeleted(String key) {
    taskResults.remove(key);
  }

  StepRecord record(StepPod step) {
    String namespace = step.pod().namespace();
    Optional<ArgoWorkflow> workflow =
        Optional.ofNullable(workflows.get(namespace + "/" + step.workflow()));
    Optional<ArgoTemplate> template =
        step.template().or(() -> workflow.flatMap(w -> w.nodeTemplate(step.nodeId())));
    Optional<ArgoOutputs> outputs =
        step.annotatedOutputs()
            .or(() -> taskResult(step).flatMap(ArgoTaskResult::outputs))
            .or(() -> workflow.flatMap(w -> w.nodeOutputs(step.nodeId())));
    S3Location repository =
        workflow
            .flatMap(ArgoWorkflow::repository)
            .map(r -> r.orElse(defaultRepository))
            .orElse(defaultRepository);
    return new StepRecord(step, template, outputs, repository);
  }

  /**
   * The step's task result (Argo 3.4+ reports outputs there, just before the pod ends). When an
   * ended step has none in the cache, the API server is asked: after a broken watch the pod's end
   * can arrive before its task result, and a step recorded without its outputs stayed so (a
   * fresh-clone run of RealApiServerTest caught it).
   */
  private Optional<ArgoTaskResult> taskResult(StepPod step) {
    String key = step.pod().namespace() + "/" + step.nodeId();
    ArgoTaskResult cached = taskResults.get(key);
    if (cached != null || !step.ended()) {
      return Optional.ofNullable(cached);
    }
    GenericKubernetesResource fetched;
    try {
      fetched =
          client
              .genericKubernetesResources(ArgoKinds.TASK_RESULTS)
              .inNamespace(step.pod().namespace())
              .withName(step.nodeId())
              .get();
    } catch (KubernetesClientException e) {
      log.debug("Cannot read the task result of {}: {}", key, e.getMessage());
      return Optional.empty();
    }
    if (fetched == null) {
      return Optional.empty();
    }
    ArgoTaskResult result = ArgoTaskResult.of(json(fetched));
    taskResults.put(key, result);
    return Optional.of(result);
  }

  private JsonObject json(GenericKubernetesResource resource) {
    return JsonParser.parseString(client.getKubernetesSerialization().asJson(resource))
        .getAsJsonObject();
  }
}
