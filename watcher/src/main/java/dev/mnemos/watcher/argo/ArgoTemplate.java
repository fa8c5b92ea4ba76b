package dev.mnemos.watcher.argo;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * What the watcher needs of a resolved Argo template ({@value ArgoKeys#TEMPLATE_ENV} on the pod, or
 * the node status of the workflow when the pod does not carry it).
 *
 * @param name the template's name, which prefixes its KFP v1 output artifact names
 * @param inputArtifacts the artifacts the step reads
 * @param archive the template's archive location, whose endpoint and bucket complete key-only
 *     artifact locations
 */
public record ArgoTemplate(
    String name, List<ArgoArtifact> inputArtifacts, Optional<S3Location> archive) {

  public static Optional<ArgoTemplate> parse(String json) {
    return Json.object(json)
        .map(
            template ->
                new ArgoTemplate(
                    Json.string(template, "name"),
                    ArgoArtifact.listOf(Json.array(Json.object(template, "inputs"), "artifacts")),
                    S3Location.of(Json.object(template, "archiveLocation"))));
  }

  /** A template as the workflow status describes its node: a name and inputs, no archive. */
  public static ArgoTemplate ofNode(JsonObject node) {
    return new ArgoTemplate(
        Json.string(node, "templateName"),
        ArgoArtifact.listOf(Json.array(Json.object(node, "inputs"), "artifacts")),
        Optional.empty());
  }
}
