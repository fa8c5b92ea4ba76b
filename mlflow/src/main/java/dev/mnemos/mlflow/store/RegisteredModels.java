package dev.mnemos.mlflow.store;

import static dev.mnemos.mlflow.store.MlflowTypes.ALIAS_PREFIX;
import static dev.mnemos.mlflow.store.MlflowTypes.CREATION_TIME;
import static dev.mnemos.mlflow.store.MlflowTypes.DESCRIPTION;
import static dev.mnemos.mlflow.store.MlflowTypes.LAST_UPDATED_TIME;
import static dev.mnemos.mlflow.store.MlflowTypes.MODEL_NAME;
import static dev.mnemos.mlflow.store.MlflowTypes.TAG_PREFIX;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.mlflow.model.ModelStage;
import dev.mnemos.mlflow.model.RegisteredModel;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.model.NodeListing;
import dev.mnemos.server.model.NodePage;
import dev.mnemos.server.model.TypeRef;
import dev.mnemos.server.store.GraphReads;
import dev.mnemos.server.store.GraphWriter;
import dev.mnemos.server.store.MetadataStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The registered models of MLflow's registry as MLMD contexts ({@link RegistryNodes}). A deleted
 * model's context is renamed {@code deleted:<id>} (a name MLflow refuses, so no model takes it) and
 * its versions are marked deleted: the name is free again, and the lineage its versions carry
 * stays.
 */
final class RegisteredModels {

  private static final String DELETED_PREFIX = "deleted:";

  private final MetadataStore store;
  private final MlflowTypes types;

  RegisteredModels(MetadataStore store, MlflowTypes types) {
    this.store = store;
    this.types = types;
  }

  RegisteredModel create(
      String name, List<Map.Entry<String, String>> tags, @Nullable String description) {
    store.write(
        writer -> {
          if (writer.node(NodeKind.CONTEXT, types.registeredModelType(), name).isPresent()) {
            throw StoreException.alreadyExists(
                "Registered Model (name=" + name + ") already exists.");
          }
          long now = System.currentTimeMillis();
          Map<String, Value> properties = new HashMap<>();
          properties.put(CREATION_TIME, Values.millis(now));
          properties.put(LAST_UPDATED_TIME, Values.millis(now));
          if (description != null) {
            properties.put(DESCRIPTION, Values.text(description));
          }
          Map<String, Value> custom = new HashMap<>();
          tags.forEach(tag -> custom.put(TAG_PREFIX + tag.getKey(), Values.text(tag.getValue())));
          writer.insert(
              new Node(
                  NodeKind.CONTEXT,
                  null,
                  types.registeredModelType(),
                  null,
                  name,
                  null,
                  null,
                  null,
                  null,
                  null,
                  properties,
                  custom));
          return null;
        });
    return get(name);
  }

  RegisteredModel get(String name) {
    Node context = find(name).orElseThrow(() -> notFound(name));
    return RegistryNodes.model(context, versions(context.storedId()));
  }

  Optional<Node> find(String name) {
    return store
        .graph()
        .nodeByTypeAndName(NodeKind.CONTEXT, new TypeRef(MlflowTypes.REGISTERED_MODEL, ""), name);
  }

  /** The versions of the model whose context is {@code contextId}, deleted ones too. */
  List<Node> versions(long contextId) {
    return versionsOf(List.of(contextId)).getOrDefault(contextId, List.of());
  }

  /**
   * The versions of the models whose contexts are given, by context, in two statements however many
   * models: a version's name starts with its model's context id.
   */
  private Map<Long, List<Node>> versionsOf(List<Long> contextIds) {
    var members =
        store.database().read(sql -> GraphReads.in(sql).membersOf(NodeKind.ARTIFACT, contextIds));
    Map<Long, List<Node>> found = new HashMap<>();
    for (Node node : store.graph().nodes(NodeKind.ARTIFACT, members).values()) {
      if (node.storedTypeId() == types.modelVersionType()) {
        found
            .computeIfAbsent(RegistryNodes.modelContextId(node), id -> new ArrayList<>())
            .add(node);
      }
    }
    return found;
  }

  /** The same inside {@code writer}'s transaction. */
  List<Node> versions(GraphWriter writer, long contextId) {
    var members = GraphReads.in(writer.sql()).membersOf(NodeKind.ARTIFACT, List.of(contextId));
    return writer.nodes(NodeKind.ARTIFACT, members).stream()
        .filter(node -> node.storedTypeId() == types.modelVersionType())
        .toList();
  }

  /** The model's context inside {@code writer}'s transaction; NOT_FOUND when there is none. */
  Node context(GraphWriter writer, String name) {
    return writer
        .node(NodeKind.CONTEXT, types.registeredModelType(), name)
        .orElseThrow(() -> notFound(name));
  }

  static StoreException notFound(String name) {
    return StoreException.notFound("Registered Model with name=" + name + " not found");
  }

  RegisteredModel update(String name, @Nullable String description) {
    change(
        name,
        context -> {
          Map<String, Value> properties = touched(context, System.currentTimeMillis());
          if (description == null) {
            properties.remove(DESCRIPTION);
          } else {
            properties.put(DESCRIPTION, Values.text(description));
          }
          return context.withProperties(properties, context.customProperties());
        });
    return get(name);
  }

  /** Renames the model and its versions; ALREADY_EXISTS when {@code newName} is taken. */
  RegisteredModel rename(String name, String newName) {
    store.write(
        writer -> {
          Node context = context(writer, name);
          if (!newName.equals(name)
              && writer.node(NodeKind.CONTEXT, types.registeredModelType(), newName).isPresent()) {
            throw StoreException.alreadyExists(
                "Registered Model (name=" + newName + ") already exists.");
          }
          long now = System.currentTimeMillis();
          for (Node version : versions(writer, context.storedId())) {
            Map<String, Value> properties = touched(version, now);
            properties.put(MODEL_NAME, Values.text(newName));
            writer.update(version.withProperties(properties, version.customProperties()));
          }
          writer.update(
              context
                  .withName(newName)
                  .withProperties(touched(context, now), context.customProperties()));
          return null;
        });
    return get(newName);
  }

  /** Deletes the model: its name is free, its versions are marked deleted. */
  void delete(String name) {
    store.write(
        writer -> {
          Node context = context(writer, name);
          long now = System.currentTimeMillis();
          for (Node version : versions(writer, context.storedId())) {
            if (RegistryNodes.stage(version) != ModelStage.DELETED) {
              writer.update(ModelVersions.redacted(version, now));
            }
          }
          writer.update(context.withName(DELETED_PREFIX + context.storedId()));
          return null;
        });
  }

  void setTag(String name, String key, String value) {
    change(name, context -> custom(context, TAG_PREFIX + key, Values.text(value)));
  }

  /** Deletes the tag; one the model has not is no error, as MLflow answers. */
  void deleteTag(String name, String key) {
    change(name, context -> custom(context, TAG_PREFIX + key, null));
  }

  /** Points the alias at the version; NOT_FOUND when the version is not there. */
  void setAlias(String name, String alias, int version) {
    store.write(
        writer -> {
          Node context = context(writer, name);
          ModelVersions.live(versions(writer, context.storedId()), name, version);
          writer.update(custom(context, ALIAS_PREFIX + alias, Values.number(version)));
          return null;
        });
  }

  void deleteAlias(String name, String alias) {
    change(name, context -> custom(context, ALIAS_PREFIX + alias, null));
  }

  private void change(String name, UnaryOperator<Node> change) {
    store.write(
        writer -> {
          writer.update(change.apply(context(writer, name)));
          return null;
        });
  }

  /** The node with the custom property set, or removed when {@code value} is null. */
  static Node custom(Node node, String name, @Nullable Value value) {
    Map<String, Value> custom = new HashMap<>(node.customProperties());
    if (value == null) {
      custom.remove(name);
    } else {
      custom.put(name, value);
    }
    return node.withProperties(node.properties(), custom);
  }

  static Map<String, Value> touched(Node node, long now) {
    Map<String, Value> properties = new HashMap<>(node.properties());
    properties.put(LAST_UPDATED_TIME, Values.millis(now));
    return properties;
  }

  /** Every registered model, deleted ones not, with its latest versions. */
  List<RegisteredModel> all() {
    List<RegisteredModel> found = new ArrayList<>();
    NodeListing listing =
        NodeListing.of(NodeKind.CONTEXT, 1000)
            .ofType(new TypeRef(MlflowTypes.REGISTERED_MODEL, ""));
    while (true) {
      NodePage page = store.graph().list(listing);
      List<Node> live =
          page.nodes().stream()
              .filter(
                  context ->
                      !Objects.requireNonNullElse(context.name(), DELETED_PREFIX)
                          .startsWith(DELETED_PREFIX))
              .toList();
      Map<Long, List<Node>> versions = versionsOf(live.stream().map(Node::storedId).toList());
      for (Node context : live) {
        found.add(
            RegistryNodes.model(context, versions.getOrDefault(context.storedId(), List.of())));
      }
      if (!page.hasMore()) {
        return found;
      }
      listing = listing.after(page.nodes().getLast().storedId());
    }
  }
}
