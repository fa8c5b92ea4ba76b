package dev.mnemos.watcher.argo;

import com.google.gson.JsonObject;
import java.util.Optional;

/**
 * What the watcher reads of an Argo {@code Workflow} (kfp.md §6.2): the artifact repository that
 * completes key-only artifact locations, and per node its template and outputs, which Argo 3.4 and
 * later no longer leave on the pod.
 */
public final class ArgoWorkflow {

  private final JsonObject status;

  private ArgoWorkflow(JsonObject status) {
    this.status = status;
  }

  /** The workflow in {@code resource}, the resource's JSON as the API server returns it. */
  public static ArgoWorkflow of(JsonObject resource) {
    return new ArgoWorkflow(Json.object(resource, "status"));
  }

  /** The repository's S3 endpoint and bucket (no key), if the status names the repository. */
  public Optional<S3Location> repository() {
    JsonObject repository =
        Json.object(Json.object(status, "artifactRepositoryRef"), "artifactRepository");
    return S3Location.of(repository);
  }

  public Optional<ArgoTemplate> nodeTemplate(String nodeId) {
    return node(nodeId).map(ArgoTemplate::ofNode);
  }

  public Optional<ArgoOutputs> nodeOutputs(String nodeId) {
    return node(nodeId)
        .filter(node -> node.has("outputs"))
        .map(node -> ArgoOutputs.of(Json.object(node, "outputs")));
  }

  private Optional<JsonObject> node(String nodeId) {
    JsonObject nodes = Json.object(status, "nodes");
    return nodes.has(nodeId) && nodes.get(nodeId).isJsonObject()
        ? Optional.of(nodes.getAsJsonObject(nodeId))
        : Optional.empty();
  }
}
