package dev.mnemos.mlflow.store;

import dev.mnemos.mlflow.model.DatasetInput;
import dev.mnemos.mlflow.model.Experiment;
import dev.mnemos.mlflow.model.HistorySummary;
import dev.mnemos.mlflow.model.LifecycleStage;
import dev.mnemos.mlflow.model.LoggedModel;
import dev.mnemos.mlflow.model.LoggedModelStatus;
import dev.mnemos.mlflow.model.Metric;
import dev.mnemos.mlflow.model.ModelDataset;
import dev.mnemos.mlflow.model.ModelMetric;
import dev.mnemos.mlflow.model.ModelOrderTerm;
import dev.mnemos.mlflow.model.ModelOutput;
import dev.mnemos.mlflow.model.Run;
import dev.mnemos.mlflow.model.RunMetric;
import dev.mnemos.mlflow.model.RunStatus;
import dev.mnemos.mlflow.model.StepRange;
import dev.mnemos.mlflow.model.ViewType;
import dev.mnemos.mlflow.store.RunSearch.OrderTerm;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.store.MetadataStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * MLflow's tracking contract over the MLMD store, protocol-neutral: each write is one transaction;
 * refusals are {@link StoreException}s whose codes the REST face turns into MLflow's
 * (INVALID_ARGUMENT is INVALID_PARAMETER_VALUE, NOT_FOUND RESOURCE_DOES_NOT_EXIST, ALREADY_EXISTS
 * RESOURCE_ALREADY_EXISTS). Ids are MLflow's: an experiment's is its context's id in decimal
 * ({@code 0} for the default experiment), a run's a 32-digit hex UUID, its context's name.
 */
public final class TrackingStore {

  /** The page size of a search that names none, and the largest one may name. */
  public static final int DEFAULT_MAX_RESULTS = 1000;

  public static final int MAX_RESULTS_LIMIT = 50000;

  /** The page size of a logged-model search that names none, as MLflow's. */
  public static final int DEFAULT_MODEL_RESULTS = 100;

  /** How many runs one sampled history may name, and how many values per run it may ask for. */
  public static final int MAX_SAMPLED_RUNS = 100;

  public static final int MAX_SAMPLED_POINTS = 2500;

  /** How many buckets a history summary may have. */
  public static final int MAX_SUMMARY_BUCKETS = 10000;

  /** What serves the API, made at its first use. */
  private record Parts(
      Experiments experiments,
      Runs runs,
      RunLog log,
      LoggedModels models,
      ModelRegistry registry) {}

  private final MetadataStore store;
  private final String artifactRoot;
  private volatile @Nullable Parts parts;

  private TrackingStore(MetadataStore store, String artifactRoot) {
    this.store = store;
    this.artifactRoot = artifactRoot;
  }

  /**
   * The tracking store over {@code store}, new experiments' artifacts under {@code artifactRoot}; a
   * run context the store deletes takes its metric history with it. Open it once per store, before
   * it takes writes. Nothing is written before the API's first call, which makes or completes the
   * MLMD types and the default experiment: a store MLflow's API never served holds nothing of it
   * (MLMD's clients see what they wrote, and only that).
   */
  public static TrackingStore open(MetadataStore store, String artifactRoot) {
    store.database().addListener(new RemovedRuns());
    store.derive(new KfpLinks());
    return new TrackingStore(store, artifactRoot);
  }

  private Parts parts() {
    Parts ready = parts;
    if (ready != null) {
      return ready;
    }
    synchronized (this) {
      if (parts == null) {
        MlflowTypes types = store.write(MlflowTypes::ensure);
        Experiments experiments = new Experiments(store, types, artifactRoot);
        experiments.ensureDefault();
        Runs runs = new Runs(store, types, experiments);
        LoggedModels models = new LoggedModels(store, types, experiments);
        RegisteredModels registered = new RegisteredModels(store, types);
        ModelVersions versions = new ModelVersions(store, types, registered);
        VersionSources sources =
            new VersionSources(
                runId -> runs.get(runId).info().artifactUri(),
                modelId -> models.get(modelId, false),
                versions);
        parts =
            new Parts(
                experiments,
                runs,
                new RunLog(store, types, runs),
                models,
                new ModelRegistry(registered, versions, sources));
      }
      return java.util.Objects.requireNonNull(parts);
    }
  }

  /** MLflow's model registry on the same store. */
  public ModelRegistry registry() {
    return parts().registry();
  }

  /** A page of results and the token of the next, null after the last. */
  public record Page<T>(List<T> items, @Nullable String nextPageToken) {}

  // Experiments

  /** Creates an experiment; ALREADY_EXISTS when its name is taken (deleted ones included). */
  public String createExperiment(String name, String artifactLocation, Map<String, String> tags) {
    return parts().experiments().create(name, artifactLocation, tags);
  }

  public Experiment experiment(String experimentId) {
    return parts().experiments().get(experimentId);
  }

  public Experiment experimentByName(String name) {
    return parts().experiments().byName(name);
  }

  public void renameExperiment(String experimentId, String newName) {
    parts().experiments().rename(experimentId, newName);
  }

  /** Marks the experiment and its runs deleted; they stay until garbage collection. */
  public void deleteExperiment(String experimentId) {
    parts().experiments().setStage(experimentId, LifecycleStage.DELETED, parts().runs());
  }

  public void restoreExperiment(String experimentId) {
    parts().experiments().setStage(experimentId, LifecycleStage.ACTIVE, parts().runs());
  }

  public void setExperimentTag(String experimentId, String key, String value) {
    parts().experiments().setTag(experimentId, key, value);
  }

  public void deleteExperimentTag(String experimentId, String key) {
    parts().experiments().deleteTag(experimentId, key);
  }

  /**
   * Experiments in the view whose names and tags match {@code filter}, ordered by {@code orderBy}
   * (name, experiment_id, creation_time, last_update_time; default: newest first).
   */
  public Page<Experiment> searchExperiments(
      ViewType view, String filter, List<String> orderBy, int maxResults, String pageToken) {
    int limit = limit(maxResults);
    int offset = Pages.offset(pageToken);
    SearchFilter parsed = SearchFilter.parse(filter, SearchFilter.EXPERIMENTS);
    Comparator<Experiment> order = ExperimentOrder.of(orderBy);
    List<Experiment> found = new ArrayList<>();
    for (Experiment experiment : parts().experiments().all()) {
      if (view.includes(experiment.lifecycleStage())
          && ExperimentOrder.matches(experiment, parsed)) {
        found.add(experiment);
      }
    }
    found.sort(order);
    return Pages.page(found, offset, limit);
  }

  // Runs

  public Run createRun(
      String experimentId,
      String userId,
      @Nullable Long startTime,
      Map<String, String> tags,
      @Nullable String runName) {
    return parts().runs().create(new Runs.NewRun(experimentId, userId, startTime, tags, runName));
  }

  public Run run(String runId) {
    return parts().runs().get(runId);
  }

  public Run updateRun(
      String runId, @Nullable RunStatus status, @Nullable Long endTime, @Nullable String runName) {
    parts().runs().update(runId, status, endTime, runName);
    return parts().runs().get(runId);
  }

  public void deleteRun(String runId) {
    parts().runs().setStage(runId, LifecycleStage.DELETED);
  }

  public void restoreRun(String runId) {
    parts().runs().setStage(runId, LifecycleStage.ACTIVE);
  }

  /** Logs everything in one transaction: all of it is stored, or none. */
  public void logBatch(
      String runId,
      List<Metric> metrics,
      List<Map.Entry<String, String>> params,
      List<Map.Entry<String, String>> tags) {
    logBatch(runId, metrics, List.of(), params, tags);
  }

  /**
   * The same, where {@code modelMetrics} are values of {@code metrics} that name a logged model:
   * they go to the run's history with the others, and to the model's metrics too.
   */
  public void logBatch(
      String runId,
      List<Metric> metrics,
      List<ModelMetric> modelMetrics,
      List<Map.Entry<String, String>> params,
      List<Map.Entry<String, String>> tags) {
    parts().log().log(runId, metrics, modelMetrics, params, tags);
  }

  /**
   * Records that the run read these datasets and logged models (MLflow's log-inputs), in one
   * transaction; a dataset is one per experiment, name and digest, and an input already recorded
   * for the run is kept as it was, tags included.
   */
  public void logInputs(String runId, List<DatasetInput> inputs, List<String> models) {
    parts().runs().logInputs(runId, inputs, models);
  }

  /**
   * Records that the run logged these models as outputs (MLflow's runs/outputs), whether they are
   * stored or not, as MLflow does; BAD_REQUEST for one it logged before.
   */
  public void logOutputs(String runId, List<ModelOutput> outputs) {
    parts().runs().logOutputs(runId, outputs);
  }

  // Logged models

  /**
   * Creates a logged model in the experiment, PENDING, its artifacts under the experiment's
   * location; a null name gets a random one. INVALID_ARGUMENT for a name with {@code / : . % " '}
   * or an experiment that is deleted.
   */
  public LoggedModel createLoggedModel(
      String experimentId,
      @Nullable String name,
      String sourceRunId,
      String modelType,
      List<Map.Entry<String, String>> tags,
      List<Map.Entry<String, String>> params) {
    return parts()
        .models()
        .create(
            new LoggedModels.NewModel(experimentId, name, sourceRunId, modelType, tags, params));
  }

  /** The model; NOT_FOUND when there is none or, unless {@code allowDeleted}, it is deleted. */
  public LoggedModel loggedModel(String modelId, boolean allowDeleted) {
    return parts().models().get(modelId, allowDeleted);
  }

  public LoggedModel finalizeLoggedModel(String modelId, LoggedModelStatus status) {
    return parts().models().finalize(modelId, status);
  }

  public void deleteLoggedModel(String modelId) {
    parts().models().delete(modelId);
  }

  public void setLoggedModelTags(String modelId, List<Map.Entry<String, String>> tags) {
    parts().models().setTags(modelId, tags);
  }

  public void deleteLoggedModelTag(String modelId, String key) {
    parts().models().deleteTag(modelId, key);
  }

  public void logLoggedModelParams(String modelId, List<Map.Entry<String, String>> params) {
    parts().models().logParams(modelId, params);
  }

  /**
   * The active models of the experiments that match {@code filter} ({@link ModelFilter}) and, when
   * {@code datasets} are named, have metric values on them, in {@code order} ({@link ModelOrder}),
   * a page of at most {@code maxResults} (100 when 0).
   */
  public Page<LoggedModel> searchLoggedModels(
      List<String> experimentIds,
      String filter,
      List<ModelDataset> datasets,
      int maxResults,
      List<ModelOrderTerm> order,
      String pageToken) {
    ModelFilter parsed = ModelFilter.parse(filter, datasets);
    ModelOrder sorted = ModelOrder.of(order);
    int limit = maxResults <= 0 ? DEFAULT_MODEL_RESULTS : limit(maxResults);
    return Pages.page(
        parts().models().search(experimentIds, parsed, sorted), Pages.offset(pageToken), limit);
  }

  public void deleteTag(String runId, String key) {
    parts().runs().deleteTag(runId, key);
  }

  /**
   * A page of the values of {@code key} that run {@code runId} logged, oldest first; none for a run
   * that does not exist, as MLflow's SQL store answers.
   */
  public Page<Metric> metricHistory(String runId, String key, int maxResults, String pageToken) {
    int limit = maxResults <= 0 ? Integer.MAX_VALUE - 1 : maxResults;
    int offset = Pages.offset(pageToken);
    List<Metric> values = parts().runs().history(runId, key, offset, limit + 1);
    boolean more = values.size() > limit;
    return new Page<>(
        more ? values.subList(0, limit) : values, more ? Pages.token(offset + limit) : null);
  }

  /**
   * At most {@code points} values of {@code key} per run among {@code runIds}, spread evenly over
   * each run's history in step order and always ending with its last value (MLflow's sampling:
   * buckets of equal count, the first value of each); only steps in {@code steps} when given. Runs
   * that do not exist, like keys never logged, have no values. INVALID_ARGUMENT beyond {@link
   * #MAX_SAMPLED_RUNS} runs or {@link #MAX_SAMPLED_POINTS} points, or for a range that ends before
   * it starts.
   */
  public List<RunMetric> sampledHistory(
      List<String> runIds, String key, @Nullable StepRange steps, int points) {
    if (runIds.size() > MAX_SAMPLED_RUNS) {
      throw StoreException.invalidArgument(
          "GetMetricHistoryBulkInterval request must specify at most "
              + MAX_SAMPLED_RUNS
              + " run_ids. Received "
              + runIds.size()
              + " run_ids.");
    }
    if (points < 1 || points > MAX_SAMPLED_POINTS) {
      throw StoreException.invalidArgument(
          "max_results must be between 1 and " + MAX_SAMPLED_POINTS + ".");
    }
    checkRange(steps);
    return parts().runs().sampledHistory(runIds, key, steps, points);
  }

  private static void checkRange(@Nullable StepRange steps) {
    if (steps != null && steps.first() > steps.last()) {
      throw StoreException.invalidArgument(
          "The steps asked for end ("
              + steps.last()
              + ") before they start ("
              + steps.first()
              + ")");
    }
  }

  /**
   * The history of {@code key} of the run whose MLMD context is {@code runContextId}, cut into at
   * most {@code buckets} buckets of equal count in step order (only steps in {@code steps} when
   * given); empty when that context is no MLflow run or never logged {@code key}. Reads only: a
   * store MLflow's API never served stays without MLflow's types. INVALID_ARGUMENT for a number of
   * buckets outside 1..{@link #MAX_SUMMARY_BUCKETS} or a range that ends before it starts.
   */
  public HistorySummary historySummary(
      long runContextId, String key, @Nullable StepRange steps, int buckets) {
    if (buckets < 1 || buckets > MAX_SUMMARY_BUCKETS) {
      throw StoreException.invalidArgument(
          "A metric history is summarised in 1 to "
              + MAX_SUMMARY_BUCKETS
              + " buckets, not "
              + buckets);
    }
    checkRange(steps);
    return new HistorySummary(
        store
            .database()
            .read(sql -> HistoryBuckets.summarize(sql, runContextId, key, steps, buckets)));
  }

  /**
   * Runs of the experiments in the view that match {@code filter}, in {@code orderBy}'s order then
   * newest start first.
   */
  public Page<Run> searchRuns(
      List<String> experimentIds,
      String filter,
      ViewType view,
      int maxResults,
      List<String> orderBy,
      String pageToken) {
    int limit = limit(maxResults);
    int offset = Pages.offset(pageToken);
    SearchFilter parsed = SearchFilter.parse(filter, SearchFilter.RUNS);
    List<OrderTerm> order = RunSearch.order(orderBy);
    Set<Long> experimentContexts = new LinkedHashSet<>();
    for (String experimentId : experimentIds) {
      parts()
          .experiments()
          .find(experimentId)
          .ifPresent(node -> experimentContexts.add(node.storedId()));
    }
    List<SearchRow> found = parts().runs().search(experimentContexts, view, parsed, order);
    Page<SearchRow> rows = Pages.page(found, offset, limit);
    return new Page<>(parts().runs().whole(rows.items()), rows.nextPageToken());
  }

  private static int limit(int maxResults) {
    if (maxResults > MAX_RESULTS_LIMIT) {
      throw StoreException.invalidArgument(
          "Invalid value "
              + maxResults
              + " for parameter 'max_results' supplied. It must be at most "
              + MAX_RESULTS_LIMIT);
    }
    return maxResults <= 0 ? DEFAULT_MAX_RESULTS : maxResults;
  }
}
