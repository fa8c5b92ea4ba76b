package dev.mnemos.watcher.argo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One artifact of an Argo template's inputs or outputs.
 *
 * @param name Argo's artifact name (for KFP v1 outputs {@code <template>-<output>})
 * @param path where the step's container reads or writes it
 * @param s3 its location, when it is kept in an S3-compatible store
 * @param json the artifact as Argo wrote it, kept on the MLMD artifact as KFP's writer does
 */
public record ArgoArtifact(String name, String path, Optional<S3Location> s3, String json) {

  static List<ArgoArtifact> listOf(JsonArray artifacts) {
    List<ArgoArtifact> list = new ArrayList<>();
    for (JsonElement element : artifacts) {
      if (element.isJsonObject()) {
        JsonObject artifact = element.getAsJsonObject();
        list.add(
            new ArgoArtifact(
                Json.string(artifact, "name"),
                Json.string(artifact, "path"),
                S3Location.of(artifact),
                artifact.toString()));
      }
    }
    return List.copyOf(list);
  }
}
