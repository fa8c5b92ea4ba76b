package dev.mnemos.watcher.argo;

import com.google.gson.JsonObject;
import java.util.Optional;

/**
 * An Argo {@code WorkflowTaskResult} (Argo 3.4 and later): named after the node it reports on, it
 * carries the outputs the wait container used to put in the pod annotation.
 */
public record ArgoTaskResult(String nodeId, Optional<ArgoOutputs> outputs) {

  /** The task result in {@code resource}, the resource's JSON as the API server returns it. */
  public static ArgoTaskResult of(JsonObject resource) {
    String nodeId = Json.string(Json.object(resource, "metadata"), "name");
    Optional<ArgoOutputs> outputs =
        resource.has("outputs")
            ? Optional.of(ArgoOutputs.of(Json.object(resource, "outputs")))
            : Optional.empty();
    return new ArgoTaskResult(nodeId, outputs);
  }
}
