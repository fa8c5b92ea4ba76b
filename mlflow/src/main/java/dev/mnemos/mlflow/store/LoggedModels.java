package dev.mnemos.mlflow.store;

import static dev.mnemos.mlflow.store.MlflowTypes.ARTIFACT_LOCATION;
import static dev.mnemos.mlflow.store.MlflowTypes.CREATION_TIME;
import static dev.mnemos.mlflow.store.MlflowTypes.EXPERIMENT_ID;
import static dev.mnemos.mlflow.store.MlflowTypes.LAST_UPDATED_TIME;
import static dev.mnemos.mlflow.store.MlflowTypes.LIFECYCLE_STAGE;
import static dev.mnemos.mlflow.store.MlflowTypes.MODEL_NAME;
import static dev.mnemos.mlflow.store.MlflowTypes.MODEL_PARAM_PREFIX;
import static dev.mnemos.mlflow.store.MlflowTypes.MODEL_TYPE;
import static dev.mnemos.mlflow.store.MlflowTypes.SOURCE_RUN_ID;
import static dev.mnemos.mlflow.store.MlflowTypes.STATUS;
import static dev.mnemos.mlflow.store.MlflowTypes.TAG_PREFIX;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import dev.mnemos.migrations.NodeKind;
import dev.mnemos.mlflow.model.LifecycleStage;
import dev.mnemos.mlflow.model.LoggedModel;
import dev.mnemos.mlflow.model.LoggedModelStatus;
import dev.mnemos.mlflow.model.MlflowError;
import dev.mnemos.mlflow.model.ModelMetric;
import dev.mnemos.mlflow.model.TrackingException;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.model.TypeRef;
import dev.mnemos.server.store.GraphReads;
import dev.mnemos.server.store.GraphWriter;
import dev.mnemos.server.store.MetadataStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Logged models (MLflow 3): each is an artifact of type {@code mlflow.LoggedModel} named by its id,
 * its URI where its artifacts go, attributed to its experiment's context; its status, type, source
 * run and times are properties, its tags and params {@code tag:} and {@code param:} custom
 * properties, the metric values logged to it rows of {@link ModelMetrics}. Its artifact state
 * follows its status, so MLMD clients and the browser read a model still uploading as PENDING.
 */
final class LoggedModels {

  /** What MLflow refuses in a model's name. */
  private static final List<String> BAD_NAME_CHARACTERS = List.of("/", ":", ".", "%", "\"", "'");

  private final MetadataStore store;
  private final MlflowTypes types;
  private final Experiments experiments;

  LoggedModels(MetadataStore store, MlflowTypes types, Experiments experiments) {
    this.store = store;
    this.types = types;
    this.experiments = experiments;
  }

  /** A model to create; a name that is null gets a random one, as MLflow makes them. */
  record NewModel(
      String experimentId,
      @Nullable String name,
      String sourceRunId,
      String modelType,
      List<Map.Entry<String, String>> tags,
      List<Map.Entry<String, String>> params) {}

  LoggedModel create(NewModel request) {
    checkName(request.name());
    requireDistinct(request.tags(), "tag");
    requireDistinct(request.params(), "param");
    String modelId = "m-" + UUID.randomUUID().toString().replace("-", "");
    String name = request.name() != null ? request.name() : RunNames.random();
    long now = System.currentTimeMillis();
    store.write(
        writer -> {
          Node experiment = experiments.context(writer, request.experimentId());
          Experiments.requireActive(experiment);
          Map<String, Value> properties = new HashMap<>();
          properties.put(MODEL_NAME, Values.text(name));
          properties.put(
              EXPERIMENT_ID,
              Values.text(ExperimentIds.of(experiment.storedId(), experiment.externalId())));
          properties.put(STATUS, Values.text(LoggedModelStatus.LOGGED_MODEL_PENDING.name()));
          properties.put(MODEL_TYPE, Values.text(request.modelType()));
          properties.put(SOURCE_RUN_ID, Values.text(request.sourceRunId()));
          properties.put(LIFECYCLE_STAGE, Values.text(LifecycleStage.ACTIVE.wireName()));
          properties.put(CREATION_TIME, Values.millis(now));
          properties.put(LAST_UPDATED_TIME, Values.millis(now));
          Map<String, Value> custom = new HashMap<>();
          request.tags().forEach(tag -> custom.put(TAG_PREFIX + tag.getKey(), text(tag)));
          request
              .params()
              .forEach(param -> custom.put(MODEL_PARAM_PREFIX + param.getKey(), text(param)));
          String uri =
              Values.text(experiment.properties(), ARTIFACT_LOCATION)
                  + "/models/"
                  + modelId
                  + "/artifacts";
          long id =
              writer.insert(
                  new Node(
                      NodeKind.ARTIFACT,
                      null,
                      types.loggedModelType(),
                      null,
                      modelId,
                      null,
                      uri,
                      LoggedModelStatus.LOGGED_MODEL_PENDING.artifactState(),
                      null,
                      null,
                      properties,
                      custom));
          writer.attribute(experiment.storedId(), id);
          return null;
        });
    return get(modelId, false);
  }

  private static void checkName(@Nullable String name) {
    if (name != null && BAD_NAME_CHARACTERS.stream().anyMatch(name::contains)) {
      throw StoreException.invalidArgument(
          "Invalid model name ('"
              + name
              + "') provided. Model name must be a non-empty string and cannot contain the"
              + " following characters: ('/', ':', '.', '%', '\"', \"'\")");
    }
  }

  private static Value text(Map.Entry<String, String> pair) {
    return Values.text(pair.getValue());
  }

  /** The model; RESOURCE_DOES_NOT_EXIST when there is none, or it is deleted and not asked for. */
  LoggedModel get(String modelId, boolean allowDeleted) {
    Node node =
        store
            .graph()
            .nodeByTypeAndName(
                NodeKind.ARTIFACT, new TypeRef(MlflowTypes.LOGGED_MODEL, ""), modelId)
            .filter(found -> allowDeleted || stage(found) == LifecycleStage.ACTIVE)
            .orElseThrow(() -> notFound(modelId));
    return whole(List.of(node)).getFirst();
  }

  private static StoreException notFound(String modelId) {
    return StoreException.notFound("Logged model with ID '" + modelId + "' not found.");
  }

  private static LifecycleStage stage(Node node) {
    return LifecycleStage.ofWireName(Values.text(node.properties(), LIFECYCLE_STAGE));
  }

  /** The models of the nodes, with their metrics, in the order given. */
  private List<LoggedModel> whole(List<Node> nodes) {
    Map<Long, String> modelIds = new HashMap<>();
    nodes.forEach(node -> modelIds.put(node.storedId(), node.name()));
    Map<Long, List<ModelMetric>> metrics =
        store.database().read(sql -> ModelMetrics.read(sql, modelIds.keySet(), modelIds));
    List<LoggedModel> found = new ArrayList<>();
    for (Node node : nodes) {
      Map<String, Value> properties = node.properties();
      Long created = Values.millis(properties, CREATION_TIME);
      Long updated = Values.millis(properties, LAST_UPDATED_TIME);
      found.add(
          new LoggedModel(
              node.name() == null ? "" : node.name(),
              Values.text(properties, EXPERIMENT_ID),
              Values.text(properties, MODEL_NAME),
              node.uri() == null ? "" : node.uri(),
              created == null ? 0 : created,
              updated == null ? 0 : updated,
              LoggedModelStatus.of(Values.text(properties, STATUS)),
              Values.text(properties, MODEL_TYPE),
              Values.text(properties, SOURCE_RUN_ID),
              stage(node),
              Values.prefixed(node.customProperties(), TAG_PREFIX),
              Values.prefixed(node.customProperties(), MODEL_PARAM_PREFIX),
              metrics.getOrDefault(node.storedId(), List.of())));
    }
    return found;
  }

  /** Sets the model's status (MLflow's finalize); deleted models too, as MLflow does. */
  LoggedModel finalize(String modelId, LoggedModelStatus status) {
    change(
        modelId,
        node -> {
          Map<String, Value> properties = touched(node);
          properties.put(STATUS, Values.text(status.name()));
          return node.withState(status.artifactState())
              .withProperties(properties, node.customProperties());
        });
    return get(modelId, true);
  }

  /** Marks the model deleted; it stays until garbage collection. */
  void delete(String modelId) {
    change(
        modelId,
        node -> {
          Map<String, Value> properties = touched(node);
          properties.put(LIFECYCLE_STAGE, Values.text(LifecycleStage.DELETED.wireName()));
          return node.withProperties(properties, node.customProperties());
        });
  }

  /** Sets tags, the last value of a key named twice winning. */
  void setTags(String modelId, List<Map.Entry<String, String>> tags) {
    change(modelId, node -> withCustom(node, TAG_PREFIX, tags));
  }

  /**
   * Adds params; BAD_REQUEST for one the model has, even with the same value, as MLflow answers.
   */
  void logParams(String modelId, List<Map.Entry<String, String>> params) {
    requireDistinct(params, "param");
    change(
        modelId,
        node -> {
          for (Map.Entry<String, String> param : params) {
            if (node.customProperties().containsKey(MODEL_PARAM_PREFIX + param.getKey())) {
              throw new TrackingException(
                  MlflowError.BAD_REQUEST,
                  "The logged model "
                      + modelId
                      + " has the param '"
                      + param.getKey()
                      + "' already");
            }
          }
          return withCustom(node, MODEL_PARAM_PREFIX, params);
        });
  }

  /** MLflow's tables keep one row per model and key: a key named twice is refused so. */
  private static void requireDistinct(List<Map.Entry<String, String>> pairs, String what) {
    Set<String> keys = new HashSet<>();
    for (Map.Entry<String, String> pair : pairs) {
      if (!keys.add(pair.getKey())) {
        throw new TrackingException(
            MlflowError.BAD_REQUEST, "The " + what + " '" + pair.getKey() + "' is named twice");
      }
    }
  }

  void deleteTag(String modelId, String key) {
    change(
        modelId,
        node -> {
          Map<String, Value> custom = new HashMap<>(node.customProperties());
          if (custom.remove(TAG_PREFIX + key) == null) {
            throw StoreException.notFound(
                "No tag with key '" + key + "' found for model with ID '" + modelId + "'.");
          }
          return node.withProperties(node.properties(), custom);
        });
  }

  private void change(String modelId, UnaryOperator<Node> change) {
    store.write(
        writer -> {
          Node node = node(writer, types, modelId).orElseThrow(() -> notFound(modelId));
          writer.update(change.apply(node));
          return null;
        });
  }

  /** The model's artifact read inside {@code writer}'s transaction, deleted or not. */
  static java.util.Optional<Node> node(GraphWriter writer, MlflowTypes types, String modelId) {
    return writer.node(NodeKind.ARTIFACT, types.loggedModelType(), modelId);
  }

  private static Node withCustom(Node node, String prefix, List<Map.Entry<String, String>> pairs) {
    Map<String, Value> custom = new HashMap<>(node.customProperties());
    pairs.forEach(pair -> custom.put(prefix + pair.getKey(), text(pair)));
    return node.withProperties(node.properties(), custom);
  }

  private static Map<String, Value> touched(Node node) {
    Map<String, Value> properties = new HashMap<>(node.properties());
    properties.put(LAST_UPDATED_TIME, Values.millis(System.currentTimeMillis()));
    return properties;
  }

  /** The tag MLflow lists the registered versions of a logged model in. */
  static final String MODEL_VERSIONS_TAG = "mlflow.modelVersions";

  /**
   * The model with {@code version} of registered model {@code name} added to its {@link
   * #MODEL_VERSIONS_TAG} tag, written as Python's {@code json.dumps} writes it, as MLflow does.
   */
  static Node withVersion(Node model, String name, int version) {
    List<String> entries = new ArrayList<>();
    Value existing = model.customProperties().get(TAG_PREFIX + MODEL_VERSIONS_TAG);
    boolean listed = false;
    if (existing != null) {
      try {
        for (var element : JsonParser.parseString(existing.getStringValue()).getAsJsonArray()) {
          var entry = element.getAsJsonObject();
          String entryName = entry.get("name").getAsString();
          int entryVersion = entry.get("version").getAsInt();
          listed |= entryName.equals(name) && entryVersion == version;
          entries.add(versionEntry(entryName, entryVersion));
        }
      } catch (RuntimeException e) {
        // A tag a client wrote by hand: MLflow would fail on it; the registry starts it anew.
        entries.clear();
      }
    }
    if (!listed) {
      entries.add(versionEntry(name, version));
    }
    Map<String, Value> custom = new HashMap<>(model.customProperties());
    custom.put(
        TAG_PREFIX + MODEL_VERSIONS_TAG, Values.text("[" + String.join(", ", entries) + "]"));
    return model.withProperties(model.properties(), custom);
  }

  private static String versionEntry(String name, int version) {
    StringBuilder quoted = new StringBuilder();
    for (char c : new GsonBuilder().disableHtmlEscaping().create().toJson(name).toCharArray()) {
      quoted.append(c < 0x80 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return "{\"name\": " + quoted + ", \"version\": " + version + "}";
  }

  /** The active models of the experiments that match {@code filter}, in {@code order}. */
  List<LoggedModel> search(Collection<String> experimentIds, ModelFilter filter, ModelOrder order) {
    List<Long> contexts = new ArrayList<>();
    for (String experimentId : experimentIds) {
      experiments.find(experimentId).ifPresent(node -> contexts.add(node.storedId()));
    }
    if (contexts.isEmpty()) {
      return List.of();
    }
    Set<Long> members =
        store.database().read(sql -> GraphReads.in(sql).membersOf(NodeKind.ARTIFACT, contexts));
    List<Node> nodes =
        store.graph().nodes(NodeKind.ARTIFACT, members).values().stream()
            .filter(node -> node.storedTypeId() == types.loggedModelType())
            .filter(node -> stage(node) == LifecycleStage.ACTIVE)
            .toList();
    List<LoggedModel> found =
        new ArrayList<>(whole(nodes).stream().filter(filter::matches).toList());
    found.sort(order.comparator());
    return found;
  }
}
