package dev.mnemos.mlflow.store;

import static dev.mnemos.mlflow.store.MlflowTypes.ARTIFACT_LOCATION;
import static dev.mnemos.mlflow.store.MlflowTypes.CREATION_TIME;
import static dev.mnemos.mlflow.store.MlflowTypes.LAST_UPDATE_TIME;
import static dev.mnemos.mlflow.store.MlflowTypes.LIFECYCLE_STAGE;
import static dev.mnemos.mlflow.store.MlflowTypes.TAG_PREFIX;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.mlflow.model.Experiment;
import dev.mnemos.mlflow.model.LifecycleStage;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.model.Node;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** An experiment as its MLMD context, and back. */
final class ExperimentNodes {

  private ExperimentNodes() {}

  static Experiment experiment(Node context) {
    Map<String, Value> properties = context.properties();
    return new Experiment(
        ExperimentIds.of(context.storedId(), context.externalId()),
        Objects.requireNonNullElse(context.name(), ""),
        Values.text(properties, ARTIFACT_LOCATION),
        LifecycleStage.ofWireName(Values.text(properties, LIFECYCLE_STAGE)),
        Objects.requireNonNullElse(Values.millis(properties, CREATION_TIME), 0L),
        Objects.requireNonNullElse(Values.millis(properties, LAST_UPDATE_TIME), 0L),
        Values.prefixed(context.customProperties(), TAG_PREFIX));
  }

  /** A new experiment's context (no id yet: the artifact location is set once it has one). */
  static Node newContext(
      long typeId, String name, String artifactLocation, long now, Map<String, String> tags) {
    Map<String, Value> properties = new HashMap<>();
    properties.put(ARTIFACT_LOCATION, Values.text(artifactLocation));
    properties.put(LIFECYCLE_STAGE, Values.text(LifecycleStage.ACTIVE.wireName()));
    properties.put(CREATION_TIME, Values.millis(now));
    properties.put(LAST_UPDATE_TIME, Values.millis(now));
    Map<String, Value> custom = new HashMap<>();
    tags.forEach((key, value) -> custom.put(TAG_PREFIX + key, Values.text(value)));
    return new Node(
        NodeKind.CONTEXT,
        null,
        typeId,
        null,
        name,
        null,
        null,
        null,
        null,
        null,
        properties,
        custom);
  }

  /** {@code context} with {@code property} set to {@code value}. */
  static Node with(Node context, String property, Value value) {
    Map<String, Value> properties = new HashMap<>(context.properties());
    properties.put(property, value);
    return copy(
        context, context.name(), context.externalId(), properties, context.customProperties());
  }

  static Node copy(
      Node node,
      @Nullable String name,
      @Nullable String externalId,
      Map<String, Value> properties,
      Map<String, Value> custom) {
    return new Node(
        node.kind(),
        node.id(),
        node.typeId(),
        node.typeName(),
        name,
        externalId,
        node.uri(),
        node.state(),
        node.createTime(),
        node.updateTime(),
        properties,
        custom);
  }
}
