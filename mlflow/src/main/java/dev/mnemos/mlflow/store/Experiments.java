package dev.mnemos.mlflow.store;

import static dev.mnemos.mlflow.store.MlflowTypes.ARTIFACT_LOCATION;
import static dev.mnemos.mlflow.store.MlflowTypes.LAST_UPDATE_TIME;
import static dev.mnemos.mlflow.store.MlflowTypes.LIFECYCLE_STAGE;
import static dev.mnemos.mlflow.store.MlflowTypes.TAG_PREFIX;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.mlflow.model.Experiment;
import dev.mnemos.mlflow.model.LifecycleStage;
import dev.mnemos.mlflow.model.MlflowError;
import dev.mnemos.mlflow.model.TrackingException;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.model.NodeListing;
import dev.mnemos.server.model.NodePage;
import dev.mnemos.server.model.TypeRef;
import dev.mnemos.server.store.GraphWriter;
import dev.mnemos.server.store.MetadataStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Experiments: their contexts, looked up by id and name, and their lifecycle. */
final class Experiments {

  private final MetadataStore store;
  private final MlflowTypes types;
  private final String artifactRoot;

  Experiments(MetadataStore store, MlflowTypes types, String artifactRoot) {
    this.store = store;
    this.types = types;
    this.artifactRoot = artifactRoot.endsWith("/") ? artifactRoot : artifactRoot + "/";
  }

  /** Creates the default experiment, {@code 0}, unless it exists (another replica may race). */
  void ensureDefault() {
    if (store
        .graph()
        .nodeByExternalId(NodeKind.CONTEXT, ExperimentIds.DEFAULT_EXTERNAL_ID)
        .isPresent()) {
      return;
    }
    try {
      store.write(
          writer -> {
            long now = System.currentTimeMillis();
            Node context =
                ExperimentNodes.newContext(
                    types.experimentType(),
                    ExperimentIds.DEFAULT_NAME,
                    artifactRoot + ExperimentIds.DEFAULT_ID,
                    now,
                    Map.of());
            return writer.insert(
                ExperimentNodes.copy(
                    context,
                    ExperimentIds.DEFAULT_NAME,
                    ExperimentIds.DEFAULT_EXTERNAL_ID,
                    context.properties(),
                    context.customProperties()));
          });
    } catch (StoreException e) {
      if (e.code() != ErrorCode.ALREADY_EXISTS) {
        throw e;
      }
    }
  }

  String create(String name, String artifactLocation, Map<String, String> tags) {
    Validation.experimentName(name);
    tags.forEach(Validation::experimentTag);
    return store.write(
        writer -> {
          if (writer.node(NodeKind.CONTEXT, types.experimentType(), name).isPresent()) {
            throw StoreException.alreadyExists("Experiment(name=" + name + ") already exists.");
          }
          long now = System.currentTimeMillis();
          long id =
              writer.insert(
                  ExperimentNodes.newContext(
                      types.experimentType(), name, artifactLocation, now, tags));
          if (artifactLocation.isEmpty()) {
            Node stored = writer.node(NodeKind.CONTEXT, id).orElseThrow();
            writer.update(
                ExperimentNodes.with(stored, ARTIFACT_LOCATION, Values.text(artifactRoot + id)));
          }
          return Long.toString(id);
        });
  }

  Experiment get(String experimentId) {
    return ExperimentNodes.experiment(context(experimentId));
  }

  Experiment byName(String name) {
    return store
        .graph()
        .nodeByTypeAndName(NodeKind.CONTEXT, new TypeRef(MlflowTypes.EXPERIMENT, ""), name)
        .map(ExperimentNodes::experiment)
        .orElseThrow(
            () -> StoreException.notFound("Could not find experiment with name '" + name + "'"));
  }

  /** The experiment's context; RESOURCE_DOES_NOT_EXIST when there is none. */
  Node context(String experimentId) {
    return find(experimentId)
        .orElseThrow(
            () -> StoreException.notFound("No Experiment with id=" + experimentId + " exists"));
  }

  Optional<Node> find(String experimentId) {
    long id = ExperimentIds.contextId(experimentId);
    Optional<Node> found =
        id == 0
            ? store.graph().nodeByExternalId(NodeKind.CONTEXT, ExperimentIds.DEFAULT_EXTERNAL_ID)
            : Optional.ofNullable(store.graph().nodes(NodeKind.CONTEXT, List.of(id)).get(id));
    return found.filter(
        node ->
            node.storedTypeId() == types.experimentType()
                && ExperimentIds.of(node.storedId(), node.externalId()).equals(experimentId));
  }

  /** The experiment's context read inside {@code writer}'s transaction. */
  Node context(GraphWriter writer, String experimentId) {
    Node seen = context(experimentId);
    return writer
        .node(NodeKind.CONTEXT, seen.storedId())
        .orElseThrow(
            () -> StoreException.notFound("No Experiment with id=" + experimentId + " exists"));
  }

  void rename(String experimentId, String newName) {
    Validation.experimentName(newName);
    store.write(
        writer -> {
          Node context = context(writer, experimentId);
          // MLflow's order: the stage first, then the name's unique key.
          if (!ExperimentNodes.experiment(context).lifecycleStage().equals(LifecycleStage.ACTIVE)) {
            throw new StoreException(
                ErrorCode.FAILED_PRECONDITION, "Cannot rename a non-active experiment.");
          }
          if (!newName.equals(context.name())
              && writer.node(NodeKind.CONTEXT, types.experimentType(), newName).isPresent()) {
            throw new TrackingException(
                MlflowError.BAD_REQUEST, "Experiment(name=" + newName + ") already exists.");
          }
          Node renamed =
              ExperimentNodes.copy(
                  context,
                  newName,
                  context.externalId(),
                  touched(context.properties()),
                  context.customProperties());
          writer.update(renamed);
          return null;
        });
  }

  /** Sets the experiment's lifecycle stage ({@code runs} follow it, as in MLflow). */
  void setStage(String experimentId, LifecycleStage stage, Runs runs) {
    store.write(
        writer -> {
          Node context = context(writer, experimentId);
          LifecycleStage current = ExperimentNodes.experiment(context).lifecycleStage();
          // MLflow looks for an active experiment to delete and a deleted one to restore.
          if (current == stage) {
            throw StoreException.notFound("No Experiment with id=" + experimentId + " exists");
          }
          Map<String, Value> properties = touched(context.properties());
          properties.put(LIFECYCLE_STAGE, Values.text(stage.wireName()));
          writer.update(
              ExperimentNodes.copy(
                  context,
                  context.name(),
                  context.externalId(),
                  properties,
                  context.customProperties()));
          runs.followExperiment(writer, context.storedId(), stage);
          return null;
        });
  }

  void setTag(String experimentId, String key, String value) {
    Validation.experimentTag(key, value);
    store.write(
        writer -> {
          Node context = context(writer, experimentId);
          requireActive(context);
          Map<String, Value> custom = new HashMap<>(context.customProperties());
          custom.put(TAG_PREFIX + key, Values.text(value));
          writer.update(
              ExperimentNodes.copy(
                  context, context.name(), context.externalId(), context.properties(), custom));
          return null;
        });
  }

  void deleteTag(String experimentId, String key) {
    store.write(
        writer -> {
          Node context = context(writer, experimentId);
          requireActive(context);
          Map<String, Value> custom = new HashMap<>(context.customProperties());
          if (custom.remove(TAG_PREFIX + key) == null) {
            throw StoreException.notFound(
                "No tag with name: " + key + " in experiment with id " + experimentId);
          }
          writer.update(
              ExperimentNodes.copy(
                  context, context.name(), context.externalId(), context.properties(), custom));
          return null;
        });
  }

  /** INVALID_ARGUMENT unless the experiment of {@code context} is active, as MLflow answers. */
  static void requireActive(Node context) {
    Experiment experiment = ExperimentNodes.experiment(context);
    if (experiment.lifecycleStage() != LifecycleStage.ACTIVE) {
      throw StoreException.invalidArgument(
          "The experiment "
              + experiment.id()
              + " must be in the 'active' state. Current state is "
              + experiment.lifecycleStage().wireName()
              + ".");
    }
  }

  private static Map<String, Value> touched(Map<String, Value> properties) {
    Map<String, Value> changed = new HashMap<>(properties);
    changed.put(LAST_UPDATE_TIME, Values.millis(System.currentTimeMillis()));
    return changed;
  }

  /** Every experiment, in id order. */
  List<Experiment> all() {
    List<Experiment> found = new ArrayList<>();
    NodeListing listing =
        NodeListing.of(NodeKind.CONTEXT, 1000).ofType(new TypeRef(MlflowTypes.EXPERIMENT, ""));
    while (true) {
      NodePage page = store.graph().list(listing);
      page.nodes().forEach(node -> found.add(ExperimentNodes.experiment(node)));
      if (!page.hasMore()) {
        return found;
      }
      listing = listing.after(page.nodes().getLast().storedId());
    }
  }
}
