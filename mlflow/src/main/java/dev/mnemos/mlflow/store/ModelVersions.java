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

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.mlflow.model.ModelStage;
import dev.mnemos.mlflow.model.ModelVersion;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.model.NodeListing;
import dev.mnemos.server.model.NodePage;
import dev.mnemos.server.model.TypeRef;
import dev.mnemos.server.store.GraphWriter;
import dev.mnemos.server.store.MetadataStore;
import dev.mnemos.server.store.NamedLock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The versions of registered models as MLMD artifacts ({@link RegistryNodes}), each attributed to
 * its model's context; one made from a run is also an OUTPUT of the run's execution and attributed
 * to the run's context, one made from a logged model shares the registered model's context with it,
 * so lineage reaches from a run's data to the version that serves. A deleted version stays,
 * redacted and marked deleted, as MLflow keeps it: its number is never given again.
 */
final class ModelVersions {

  /** Where a new version comes from, its source already checked and resolved. */
  record NewVersion(
      String name,
      String source,
      String storageLocation,
      String runId,
      String runLink,
      @Nullable String description,
      @Nullable String modelId,
      List<Map.Entry<String, String>> tags) {}

  private final MetadataStore store;
  private final MlflowTypes types;
  private final RegisteredModels models;

  ModelVersions(MetadataStore store, MlflowTypes types, RegisteredModels models) {
    this.store = store;
    this.types = types;
    this.models = models;
  }

  /**
   * Adds the model's next version. Replicas number versions under one lock, so two creating at once
   * never take the same number.
   */
  ModelVersion create(NewVersion request) {
    int version =
        new NamedLock(store.database(), "mlflow-model-versions")
            .holding(() -> store.write(writer -> insert(writer, request)));
    return get(request.name(), version);
  }

  private int insert(GraphWriter writer, NewVersion request) {
    Node context = models.context(writer, request.name());
    int version =
        models.versions(writer, context.storedId()).stream()
                .mapToInt(RegistryNodes::number)
                .max()
                .orElse(0)
            + 1;
    long now = System.currentTimeMillis();
    Map<String, Value> properties = new HashMap<>();
    properties.put(MODEL_NAME, Values.text(request.name()));
    properties.put(VERSION, Values.number(version));
    properties.put(CREATION_TIME, Values.millis(now));
    properties.put(LAST_UPDATED_TIME, Values.millis(now));
    properties.put(CURRENT_STAGE, Values.text(ModelStage.NONE.wireName()));
    properties.put(SOURCE, Values.text(request.source()));
    properties.put(RUN_ID, Values.text(request.runId()));
    properties.put(RUN_LINK, Values.text(request.runLink()));
    if (request.description() != null) {
      properties.put(DESCRIPTION, Values.text(request.description()));
    }
    if (request.modelId() != null) {
      properties.put(MODEL_ID, Values.text(request.modelId()));
    }
    Map<String, Value> custom = new HashMap<>();
    request
        .tags()
        .forEach(tag -> custom.put(TAG_PREFIX + tag.getKey(), Values.text(tag.getValue())));
    long id =
        writer.insert(
            new Node(
                NodeKind.ARTIFACT,
                null,
                types.modelVersionType(),
                null,
                RegistryNodes.versionName(context.storedId(), version),
                null,
                request.storageLocation(),
                (long) Artifact.State.LIVE_VALUE,
                null,
                null,
                properties,
                custom));
    writer.attribute(context.storedId(), id);
    writer.update(
        context.withProperties(RegisteredModels.touched(context, now), context.customProperties()));
    if (!request.runId().isEmpty()) {
      writer
          .node(NodeKind.CONTEXT, types.runType(), request.runId())
          .ifPresent(
              run -> {
                writer.addEvent(id, RunNodes.executionId(run), Event.Type.OUTPUT, now);
                writer.attribute(run.storedId(), id);
              });
    }
    if (request.modelId() != null) {
      LoggedModels.node(writer, types, request.modelId())
          .ifPresent(
              model -> {
                writer.attribute(context.storedId(), model.storedId());
                writer.update(LoggedModels.withVersion(model, request.name(), version));
              });
    }
    return version;
  }

  ModelVersion get(String name, int version) {
    Node context = models.find(name).orElseThrow(() -> notFound(name, version));
    Node node = live(models.versions(context.storedId()), name, version);
    return RegistryNodes.version(node).withAliases(RegistryNodes.aliasesOf(context, version));
  }

  /** The version that is not deleted among {@code versions}; NOT_FOUND when there is none. */
  static Node live(List<Node> versions, String name, int version) {
    return versions.stream()
        .filter(node -> RegistryNodes.number(node) == version)
        .filter(node -> RegistryNodes.stage(node) != ModelStage.DELETED)
        .findFirst()
        .orElseThrow(() -> notFound(name, version));
  }

  private static StoreException notFound(String name, int version) {
    return StoreException.notFound(
        "Model Version (name=" + name + ", version=" + version + ") not found");
  }

  /** The version the alias names; {@code latest} is the newest version. */
  ModelVersion byAlias(String name, String alias) {
    if (alias.equalsIgnoreCase("latest")) {
      return latest(name, List.of()).stream()
          .max(Comparator.comparingInt(ModelVersion::version))
          .orElseThrow(
              () -> StoreException.notFound("Latest version not found for model " + name + "."));
    }
    Node context = models.find(name).orElseThrow(() -> RegisteredModels.notFound(name));
    Integer version = RegistryNodes.aliases(context).get(alias);
    if (version == null) {
      throw StoreException.invalidArgument("Registered model alias " + alias + " not found.");
    }
    return get(name, version);
  }

  /**
   * The newest version in each of {@code stages}, named in any case (every stage when none is
   * named); NOT_FOUND for a model that is not there before INVALID_ARGUMENT for a stage, as MLflow.
   */
  List<ModelVersion> latest(String name, List<String> stages) {
    Node context = models.find(name).orElseThrow(() -> RegisteredModels.notFound(name));
    Set<ModelStage> wanted =
        stages.isEmpty()
            ? Set.of(
                ModelStage.NONE, ModelStage.STAGING, ModelStage.PRODUCTION, ModelStage.ARCHIVED)
            : stages.stream().map(ModelStage::named).collect(Collectors.toSet());
    return RegistryNodes.model(context, models.versions(context.storedId()))
        .latestVersions()
        .stream()
        .filter(version -> wanted.contains(version.stage()))
        .map(version -> version.withAliases(RegistryNodes.aliasesOf(context, version.version())))
        .toList();
  }

  ModelVersion update(String name, int version, @Nullable String description) {
    change(
        name,
        version,
        (context, node) -> {
          Map<String, Value> properties =
              RegisteredModels.touched(node, System.currentTimeMillis());
          if (description == null) {
            properties.remove(DESCRIPTION);
          } else {
            properties.put(DESCRIPTION, Values.text(description));
          }
          return node.withProperties(properties, node.customProperties());
        });
    return get(name, version);
  }

  /**
   * Moves the version to {@code stage}; with {@code archiveOthers}, the model's other versions in
   * that stage move to Archived in the same transaction.
   */
  ModelVersion transition(String name, int version, ModelStage stage, boolean archiveOthers) {
    store.write(
        writer -> {
          long now = System.currentTimeMillis();
          Node context = models.context(writer, name);
          List<Node> versions = models.versions(writer, context.storedId());
          Node node = live(versions, name, version);
          if (archiveOthers) {
            for (Node other : versions) {
              if (RegistryNodes.number(other) != version && RegistryNodes.stage(other) == stage) {
                writer.update(staged(other, ModelStage.ARCHIVED, now));
              }
            }
          }
          writer.update(staged(node, stage, now));
          writer.update(
              context.withProperties(
                  RegisteredModels.touched(context, now), context.customProperties()));
          return null;
        });
    return get(name, version);
  }

  private static Node staged(Node node, ModelStage stage, long now) {
    Map<String, Value> properties = RegisteredModels.touched(node, now);
    properties.put(CURRENT_STAGE, Values.text(stage.wireName()));
    return node.withProperties(properties, node.customProperties());
  }

  /** Deletes the version: redacted, its aliases gone, its number kept. */
  void delete(String name, int version) {
    store.write(
        writer -> {
          long now = System.currentTimeMillis();
          Node context = models.context(writer, name);
          Node node = live(models.versions(writer, context.storedId()), name, version);
          Map<String, Value> custom = new HashMap<>(context.customProperties());
          RegistryNodes.aliasesOf(context, version)
              .forEach(alias -> custom.remove(ALIAS_PREFIX + alias));
          writer.update(context.withProperties(RegisteredModels.touched(context, now), custom));
          writer.update(redacted(node, now));
          return null;
        });
  }

  /** A deleted version as MLflow keeps one: where it came from is redacted. */
  static Node redacted(Node node, long now) {
    Map<String, Value> properties = RegisteredModels.touched(node, now);
    properties.put(CURRENT_STAGE, Values.text(ModelStage.DELETED.wireName()));
    properties.remove(DESCRIPTION);
    properties.put(SOURCE, Values.text("REDACTED-SOURCE-PATH"));
    properties.put(RUN_ID, Values.text("REDACTED-RUN-ID"));
    properties.put(RUN_LINK, Values.text("REDACTED-RUN-LINK"));
    return node.withState((long) Artifact.State.DELETED_VALUE)
        .withProperties(properties, node.customProperties());
  }

  void setTag(String name, int version, String key, String value) {
    change(
        name,
        version,
        (context, node) -> RegisteredModels.custom(node, TAG_PREFIX + key, Values.text(value)));
  }

  /** Deletes the tag; one the version has not is no error, as MLflow answers. */
  void deleteTag(String name, int version, String key) {
    change(name, version, (context, node) -> RegisteredModels.custom(node, TAG_PREFIX + key, null));
  }

  private void change(String name, int version, BiFunction<Node, Node, Node> change) {
    store.write(
        writer -> {
          Node context = models.context(writer, name);
          Node node = live(models.versions(writer, context.storedId()), name, version);
          writer.update(change.apply(context, node));
          return null;
        });
  }

  /** Every version that is not deleted, without aliases, as MLflow's search answers. */
  List<ModelVersion> all() {
    List<ModelVersion> found = new ArrayList<>();
    NodeListing listing =
        NodeListing.of(NodeKind.ARTIFACT, 1000).ofType(new TypeRef(MlflowTypes.MODEL_VERSION, ""));
    while (true) {
      NodePage page = store.graph().list(listing);
      for (Node node : page.nodes()) {
        if (RegistryNodes.stage(node) != ModelStage.DELETED) {
          found.add(RegistryNodes.version(node));
        }
      }
      if (!page.hasMore()) {
        return found;
      }
      listing = listing.after(page.nodes().getLast().storedId());
    }
  }
}
