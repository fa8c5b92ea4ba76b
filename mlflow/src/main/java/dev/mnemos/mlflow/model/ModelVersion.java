package dev.mnemos.mlflow.model;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A version of a registered model, as MLflow's registry answers it: {@code source} is where the
 * client said the model is, {@code storageLocation} where it is read from (the logged model's or
 * source version's location for a {@code models:/} source); {@code runId} and {@code runLink} are
 * empty when not given. {@code aliases} are filled only where MLflow fills them (get, by alias,
 * latest versions), empty elsewhere.
 */
public record ModelVersion(
    String name,
    int version,
    long creationTime,
    long lastUpdatedTime,
    @Nullable String description,
    ModelStage stage,
    String source,
    String storageLocation,
    String runId,
    String runLink,
    @Nullable String modelId,
    Map<String, String> tags,
    List<String> aliases) {

  public ModelVersion withAliases(List<String> named) {
    return new ModelVersion(
        name,
        version,
        creationTime,
        lastUpdatedTime,
        description,
        stage,
        source,
        storageLocation,
        runId,
        runLink,
        modelId,
        tags,
        List.copyOf(named));
  }
}
