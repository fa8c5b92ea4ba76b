package dev.mnemos.mlflow.store;

import static dev.mnemos.mlflow.store.MlflowTypes.ARTIFACT_LOCATION;
import static dev.mnemos.mlflow.store.MlflowTypes.ARTIFACT_URI;
import static dev.mnemos.mlflow.store.MlflowTypes.DELETED_TIME;
import static dev.mnemos.mlflow.store.MlflowTypes.END_TIME;
import static dev.mnemos.mlflow.store.MlflowTypes.EXECUTION_ID;
import static dev.mnemos.mlflow.store.MlflowTypes.EXPERIMENT_ID;
import static dev.mnemos.mlflow.store.MlflowTypes.LIFECYCLE_STAGE;
import static dev.mnemos.mlflow.store.MlflowTypes.RUN_NAME;
import static dev.mnemos.mlflow.store.MlflowTypes.START_TIME;
import static dev.mnemos.mlflow.store.MlflowTypes.STATUS;
import static dev.mnemos.mlflow.store.MlflowTypes.TAG_PREFIX;
import static dev.mnemos.mlflow.store.MlflowTypes.USER_ID;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.mlflow.model.DatasetInput;
import dev.mnemos.mlflow.model.LifecycleStage;
import dev.mnemos.mlflow.model.Metric;
import dev.mnemos.mlflow.model.ModelOutput;
import dev.mnemos.mlflow.model.Run;
import dev.mnemos.mlflow.model.RunMetric;
import dev.mnemos.mlflow.model.RunStatus;
import dev.mnemos.mlflow.model.StepRange;
import dev.mnemos.mlflow.model.ViewType;
import dev.mnemos.mlflow.store.RunNodes.StoredRun;
import dev.mnemos.mlflow.store.RunSearch.OrderTerm;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.model.TypeRef;
import dev.mnemos.server.store.GraphWriter;
import dev.mnemos.server.store.MetadataStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Runs: creating them, logging to them, their lifecycle, and reading them back. */
final class Runs {

  /** The tag MLflow keeps the run's name in, beside the run's own field. */
  static final String RUN_NAME_TAG = "mlflow.runName";

  /** The tag that makes a run the child of another (nested runs). */
  static final String PARENT_RUN_TAG = "mlflow.parentRunId";

  private final MetadataStore store;
  private final MlflowTypes types;
  private final Experiments experiments;

  Runs(MetadataStore store, MlflowTypes types, Experiments experiments) {
    this.store = store;
    this.types = types;
    this.experiments = experiments;
  }

  record NewRun(
      String experimentId,
      String userId,
      @Nullable Long startTime,
      Map<String, String> tags,
      @Nullable String runName) {}

  Run create(NewRun request) {
    // MLflow stores a new run's tags as given, unchecked, but its keys in 250 characters.
    request.tags().keySet().forEach(key -> Validation.keyLength("tags", key));
    String givenTagName = request.tags().get(RUN_NAME_TAG);
    if (request.runName() != null
        && givenTagName != null
        && !request.runName().equals(givenTagName)) {
      throw StoreException.invalidArgument(
          "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different"
              + " values (run_name='"
              + request.runName()
              + "', mlflow.runName='"
              + givenTagName
              + "').");
    }
    String runName =
        request.runName() != null && !request.runName().isEmpty()
            ? request.runName()
            : givenTagName != null ? givenTagName : RunNames.random();
    String runId = UUID.randomUUID().toString().replace("-", "");
    long startTime = request.startTime() != null ? request.startTime() : System.currentTimeMillis();
    store.write(
        writer -> {
          Node experiment = experiments.context(writer, request.experimentId());
          Experiments.requireActive(experiment);
          Map<String, Value> params = new HashMap<>();
          long executionId =
              writer.insert(
                  new Node(
                      NodeKind.EXECUTION,
                      null,
                      types.runExecutionType(),
                      null,
                      runId,
                      null,
                      null,
                      RunStatus.RUNNING.executionState(),
                      null,
                      null,
                      Map.of(),
                      params));
          Map<String, Value> properties = new HashMap<>();
          properties.put(RUN_NAME, Values.text(runName));
          properties.put(USER_ID, Values.text(request.userId()));
          properties.put(STATUS, Values.text(RunStatus.RUNNING.name()));
          properties.put(START_TIME, Values.millis(startTime));
          properties.put(
              ARTIFACT_URI,
              Values.text(
                  Values.text(experiment.properties(), ARTIFACT_LOCATION)
                      + "/"
                      + runId
                      + "/artifacts"));
          properties.put(LIFECYCLE_STAGE, Values.text(LifecycleStage.ACTIVE.wireName()));
          properties.put(
              EXPERIMENT_ID,
              Values.text(ExperimentIds.of(experiment.storedId(), experiment.externalId())));
          properties.put(EXECUTION_ID, Values.number(executionId));
          Map<String, String> tags = new LinkedHashMap<>(request.tags());
          tags.put(RUN_NAME_TAG, runName);
          Map<String, Value> custom = new HashMap<>();
          tags.forEach((key, value) -> custom.put(TAG_PREFIX + key, Values.text(value)));
          long contextId =
              writer.insert(
                  new Node(
                      NodeKind.CONTEXT,
                      null,
                      types.runType(),
                      null,
                      runId,
                      null,
                      null,
                      null,
                      null,
                      null,
                      properties,
                      custom));
          writer.associate(contextId, executionId);
          writer.addParent(contextId, experiment.storedId());
          linkParent(writer, contextId, tags.get(PARENT_RUN_TAG));
          return null;
        });
    return get(runId);
  }

  /** A nested run is a child of its parent run's context too, when that run is stored. */
  private void linkParent(GraphWriter writer, long contextId, @Nullable String parentRunId) {
    if (parentRunId == null) {
      return;
    }
    writer
        .node(NodeKind.CONTEXT, types.runType(), parentRunId)
        .filter(parent -> parent.storedId() != contextId)
        .ifPresent(parent -> writer.addParent(contextId, parent.storedId()));
  }

  Run get(String runId) {
    StoredRun run = read(runId);
    return withData(List.of(run), true).getFirst();
  }

  /** The stored run; RESOURCE_DOES_NOT_EXIST when there is none. */
  StoredRun read(String runId) {
    Node context =
        store
            .graph()
            .nodeByTypeAndName(NodeKind.CONTEXT, new TypeRef(MlflowTypes.RUN, ""), runId)
            .orElseThrow(() -> StoreException.notFound("Run with id=" + runId + " not found"));
    long executionId = RunNodes.executionId(context);
    Node execution =
        Optional.ofNullable(
                store.graph().nodes(NodeKind.EXECUTION, List.of(executionId)).get(executionId))
            .orElseThrow(() -> StoreException.notFound("Run with id=" + runId + " not found"));
    return new StoredRun(context, execution);
  }

  /** The stored runs of the given contexts, in the order given, skipping what is gone. */
  List<StoredRun> read(List<Node> contexts) {
    List<Long> executionIds = contexts.stream().map(RunNodes::executionId).toList();
    Map<Long, Node> executions = store.graph().nodes(NodeKind.EXECUTION, executionIds);
    List<StoredRun> found = new ArrayList<>();
    for (Node context : contexts) {
      Node execution = executions.get(RunNodes.executionId(context));
      if (execution != null) {
        found.add(new StoredRun(context, execution));
      }
    }
    return found;
  }

  /**
   * The runs of the experiments whose contexts are given, in {@code view}, that match {@code
   * filter}, in {@code order}: as search rows, holding only what the filter and order compare.
   */
  List<SearchRow> search(
      Collection<Long> experimentContexts,
      ViewType view,
      SearchFilter filter,
      List<OrderTerm> order) {
    List<SearchRow> rows =
        store
            .database()
            .read(
                sql ->
                    RunColumns.read(
                        sql, types, experimentContexts, view, RunSearch.keys(filter, order)));
    return RunSearch.sorted(
        rows.stream().filter(row -> RunSearch.matches(row, filter)).toList(), order);
  }

  /** The whole runs of search rows, in their order, skipping what is gone. */
  List<Run> whole(List<SearchRow> rows) {
    List<Long> ids = rows.stream().map(SearchRow::contextId).toList();
    Map<Long, Node> contexts = store.graph().nodes(NodeKind.CONTEXT, ids);
    // As MLflow's search answers runs: with their datasets and model outputs, not the models read.
    return withData(read(ids.stream().map(contexts::get).filter(Objects::nonNull).toList()), false);
  }

  /**
   * The stored runs with their latest metrics, inputs and model outputs (and the models they read
   * when {@code modelInputs}), read in one transaction.
   */
  private List<Run> withData(List<StoredRun> stored, boolean modelInputs) {
    List<Long> ids = stored.stream().map(StoredRun::contextId).toList();
    return store
        .database()
        .read(
            sql -> {
              Map<Long, List<Metric>> latest = MetricHistory.latest(sql, ids);
              Map<Long, List<DatasetInput>> inputs =
                  RunInputs.read(sql, types.datasetType(), stored);
              Map<Long, RunModels> models = RunModels.read(sql, ids, modelInputs);
              return stored.stream()
                  .map(
                      run ->
                          run.run(
                              latest.get(run.contextId()),
                              inputs.get(run.contextId()),
                              models.get(run.contextId())))
                  .toList();
            });
  }

  /**
   * Records that run {@code runId} read {@code inputs} and the logged models {@code models}
   * (MLflow's log-inputs): MLflow's checks first, then one transaction; a dataset, input or model
   * logged before is kept as it was.
   */
  void logInputs(String runId, List<DatasetInput> inputs, List<String> models) {
    inputs.forEach(RunInputs::check);
    store.write(
        writer -> {
          StoredRun run = active(writer, runId);
          Node experiment = experiments.context(writer, run.info().experimentId());
          RunInputs.log(writer, types, run, experiment.storedId(), RunInputs.distinct(inputs));
          RunModels.logInputs(writer, types, run, models);
          return null;
        });
  }

  /** Records that run {@code runId} logged the models as outputs (MLflow's runs/outputs). */
  void logOutputs(String runId, List<ModelOutput> outputs) {
    store.write(
        writer -> {
          RunModels.logOutputs(writer, types, active(writer, runId), outputs);
          return null;
        });
  }

  /** The run read inside {@code writer}'s transaction. */
  private StoredRun read(GraphWriter writer, String runId) {
    Node context =
        writer
            .node(NodeKind.CONTEXT, types.runType(), runId)
            .orElseThrow(() -> StoreException.notFound("Run with id=" + runId + " not found"));
    Node execution =
        writer
            .node(NodeKind.EXECUTION, RunNodes.executionId(context))
            .orElseThrow(() -> StoreException.notFound("Run with id=" + runId + " not found"));
    return new StoredRun(context, execution);
  }

  StoredRun active(GraphWriter writer, String runId) {
    StoredRun run = read(writer, runId);
    LifecycleStage stage = run.info().lifecycleStage();
    if (stage != LifecycleStage.ACTIVE) {
      throw StoreException.invalidArgument(
          "The run "
              + runId
              + " must be in the 'active' state. Current state is "
              + stage.wireName()
              + ".");
    }
    return run;
  }

  void update(
      String runId, @Nullable RunStatus status, @Nullable Long endTime, @Nullable String runName) {
    store.write(
        writer -> {
          StoredRun run = active(writer, runId);
          Map<String, Value> properties = new HashMap<>(run.context().properties());
          Map<String, Value> custom = new HashMap<>(run.context().customProperties());
          if (status != null) {
            properties.put(STATUS, Values.text(status.name()));
          }
          if (endTime != null) {
            properties.put(END_TIME, Values.millis(endTime));
          }
          if (runName != null && !runName.isEmpty()) {
            properties.put(RUN_NAME, Values.text(runName));
            custom.put(TAG_PREFIX + RUN_NAME_TAG, Values.text(runName));
          }
          writer.update(
              ExperimentNodes.copy(
                  run.context(), run.runId(), run.context().externalId(), properties, custom));
          if (status != null) {
            writer.update(run.execution().withState(status.executionState()));
          }
          return null;
        });
  }

  void setStage(String runId, LifecycleStage stage) {
    store.write(
        writer -> {
          StoredRun run = read(writer, runId);
          writer.update(staged(run.context(), stage));
          return null;
        });
  }

  /** The runs of an experiment follow it into deletion and back. */
  void followExperiment(GraphWriter writer, long experimentContextId, LifecycleStage stage) {
    List<Long> children =
        store
            .graph()
            .children(List.of(experimentContextId))
            .getOrDefault(experimentContextId, List.of());
    for (Node context : writer.nodes(NodeKind.CONTEXT, children)) {
      if (context.storedTypeId() == types.runType()) {
        writer.update(staged(context, stage));
      }
    }
  }

  private static Node staged(Node context, LifecycleStage stage) {
    Map<String, Value> properties = new HashMap<>(context.properties());
    properties.put(LIFECYCLE_STAGE, Values.text(stage.wireName()));
    if (stage == LifecycleStage.DELETED) {
      properties.put(DELETED_TIME, Values.millis(System.currentTimeMillis()));
    } else {
      properties.remove(DELETED_TIME);
    }
    return ExperimentNodes.copy(
        context,
        Objects.requireNonNull(context.name()),
        context.externalId(),
        properties,
        context.customProperties());
  }

  void deleteTag(String runId, String key) {
    store.write(
        writer -> {
          StoredRun run = active(writer, runId);
          Map<String, Value> custom = new HashMap<>(run.context().customProperties());
          if (custom.remove(TAG_PREFIX + key) == null) {
            throw StoreException.notFound("No tag with name: " + key + " in run with id " + runId);
          }
          writer.update(
              ExperimentNodes.copy(
                  run.context(),
                  run.runId(),
                  run.context().externalId(),
                  run.context().properties(),
                  custom));
          return null;
        });
  }

  /** A page of run {@code runId}'s values of {@code key}: none when there is no such run. */
  List<Metric> history(String runId, String key, int offset, int limit) {
    return contextId(runId)
        .map(
            contextId ->
                store
                    .database()
                    .read(sql -> MetricHistory.history(sql, contextId, key, offset, limit)))
        .orElse(List.of());
  }

  /**
   * At most {@code points} values of {@code key} per run, sampled as {@link HistoryBuckets#sample}
   * says, run by run in the order given; runs that do not exist have none.
   */
  List<RunMetric> sampledHistory(
      List<String> runIds, String key, @Nullable StepRange steps, int points) {
    List<RunMetric> found = new ArrayList<>();
    store
        .database()
        .read(
            sql -> {
              for (String runId : runIds) {
                contextId(runId)
                    .ifPresent(
                        contextId ->
                            HistoryBuckets.sample(sql, contextId, key, steps, points)
                                .forEach(metric -> found.add(new RunMetric(runId, metric))));
              }
              return null;
            });
    return found;
  }

  private Optional<Long> contextId(String runId) {
    return store
        .graph()
        .nodeByTypeAndName(NodeKind.CONTEXT, new TypeRef(MlflowTypes.RUN, ""), runId)
        .map(Node::storedId);
  }
}
