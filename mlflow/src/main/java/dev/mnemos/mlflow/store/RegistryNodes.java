package dev.mnemos.mlflow.store;

import static dev.mnemos.mlflow.store.MlflowTypes.ALIAS_PREFIX;
import static dev.mnemos.mlflow.store.MlflowTypes.CREATION_TIME;
import static dev.mnemos.mlflow.store.MlflowTypes.CURRENT_STAGE;
import static dev.mnemos.mlflow.store.MlflowTypes.DESCRIPTION;
import static dev.mnemos.mlflow.store.MlflowTypes.LAST_UPDATED_TIME;
import static dev.mnemos.mlflow.store.MlflowTypes.MODEL_ID;
import static dev.mnemos.mlflow.store.MlflowTypes.MODEL_NAME;
import static dev.mnemos.mlflow.store.MlflowTypes.RUN_ID;
import static dev.mnemos.mlflow.store.MlflowTypes.RUN_LINK;
import static dev.mnemos.mlflow.store.MlflowTypes.SOURCE;
import static dev.mnemos.mlflow.store.MlflowTypes.TAG_PREFIX;
import static dev.mnemos.mlflow.store.MlflowTypes.VERSION;

import dev.mnemos.mlflow.model.ModelStage;
import dev.mnemos.mlflow.model.ModelVersion;
import dev.mnemos.mlflow.model.RegisteredModel;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.model.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Registered models and model versions as their MLMD nodes, and back. A registered model is a
 * context named by the model's name, its tags {@code tag:} and its aliases {@code alias:} custom
 * properties (an alias's value the version it names); a version is an artifact attributed to it,
 * named by the context's id and the version number so that renaming the model leaves the name as it
 * is, its URI where the model is read from.
 */
final class RegistryNodes {

  private RegistryNodes() {}

  /** The stable name of a version's artifact. */
  static String versionName(long modelContextId, int version) {
    return modelContextId + "/" + version;
  }

  /** The id of the model's context a version's artifact belongs to, read from its name. */
  static long modelContextId(Node version) {
    String name = Objects.requireNonNull(version.name(), "a version's name");
    return Long.parseLong(name.substring(0, name.indexOf('/')));
  }

  static int number(Node node) {
    return Math.toIntExact(
        Objects.requireNonNull(Values.number(node.properties(), VERSION), "a version's number"));
  }

  static ModelStage stage(Node node) {
    return ModelStage.stored(Values.text(node.properties(), CURRENT_STAGE));
  }

  static ModelVersion version(Node node) {
    Map<String, Value> properties = node.properties();
    Value modelId = properties.get(MODEL_ID);
    return new ModelVersion(
        Values.text(properties, MODEL_NAME),
        number(node),
        millis(properties, CREATION_TIME),
        millis(properties, LAST_UPDATED_TIME),
        optional(properties, DESCRIPTION),
        stage(node),
        Values.text(properties, SOURCE),
        node.uri() == null ? "" : node.uri(),
        Values.text(properties, RUN_ID),
        Values.text(properties, RUN_LINK),
        modelId == null ? null : modelId.getStringValue(),
        Values.prefixed(node.customProperties(), TAG_PREFIX),
        List.of());
  }

  /** The model of {@code context}, its latest version per stage read from {@code versions}. */
  static RegisteredModel model(Node context, List<Node> versions) {
    Map<ModelStage, Node> latest = new HashMap<>();
    for (Node node : versions) {
      ModelStage stage = stage(node);
      if (stage != ModelStage.DELETED) {
        latest.merge(stage, node, (a, b) -> number(a) >= number(b) ? a : b);
      }
    }
    List<ModelVersion> latestVersions = new ArrayList<>();
    latest.values().stream()
        .sorted(Comparator.comparingInt(RegistryNodes::number))
        .forEach(node -> latestVersions.add(version(node)));
    Map<String, Value> properties = context.properties();
    return new RegisteredModel(
        Objects.requireNonNull(context.name(), "a registered model's name"),
        millis(properties, CREATION_TIME),
        millis(properties, LAST_UPDATED_TIME),
        optional(properties, DESCRIPTION),
        List.copyOf(latestVersions),
        Values.prefixed(context.customProperties(), TAG_PREFIX),
        aliases(context));
  }

  /** The model's aliases and the version each names, in alias order. */
  static Map<String, Integer> aliases(Node context) {
    Map<String, Integer> aliases = new TreeMap<>();
    context
        .customProperties()
        .forEach(
            (name, value) -> {
              if (name.startsWith(ALIAS_PREFIX)) {
                aliases.put(name.substring(ALIAS_PREFIX.length()), (int) value.getIntValue());
              }
            });
    return aliases;
  }

  /** The aliases naming {@code version}. */
  static List<String> aliasesOf(Node context, int version) {
    return aliases(context).entrySet().stream()
        .filter(alias -> alias.getValue() == version)
        .map(Map.Entry::getKey)
        .toList();
  }

  private static long millis(Map<String, Value> properties, String name) {
    Long millis = Values.millis(properties, name);
    return millis == null ? 0 : millis;
  }

  private static @Nullable String optional(Map<String, Value> properties, String name) {
    Value value = properties.get(name);
    return value == null ? null : value.getStringValue();
  }
}
