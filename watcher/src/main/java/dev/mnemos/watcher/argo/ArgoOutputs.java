package dev.mnemos.watcher.argo;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outputs of an Argo node: the JSON of Argo's {@code Outputs}, found in the pod annotation
 * {@value ArgoKeys#OUTPUTS} (Argo before 3.6), in a {@code WorkflowTaskResult} (3.4 and later) or
 * in the workflow's node status.
 */
public record ArgoOutputs(List<ArgoArtifact> artifacts) {

  public static Optional<ArgoOutputs> parse(@Nullable String json) {
    return Json.object(json).map(ArgoOutputs::of);
  }

  public static ArgoOutputs of(JsonObject outputs) {
    return new ArgoOutputs(ArgoArtifact.listOf(Json.array(outputs, "artifacts")));
  }
}
