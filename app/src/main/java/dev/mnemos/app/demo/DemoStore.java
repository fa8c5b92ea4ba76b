package dev.mnemos.app.demo;

import static dev.mnemos.app.demo.KfpRecorder.number;
import static dev.mnemos.app.demo.KfpRecorder.text;

import dev.mnemos.app.demo.KfpRecorder.Input;
import dev.mnemos.app.demo.KfpRecorder.Output;
import dev.mnemos.app.demo.KfpRecorder.Run;
import dev.mnemos.app.demo.KfpRecorder.Step;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.proto.mlmd.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The store a Kubeflow team has after a few weeks, recorded the way KFP v2 records it: three
 * pipelines of 30 runs each (two tabular classifiers reading one census dataset, a forecaster
 * reading weekly versions of its sales history), and two hyperparameter searches of 28 and 44
 * steps. The census dataset is read by 62 runs; after each pipeline's first run, unchanged steps
 * are cache hits (about 190 cached steps); some runs failed, two are still running; training and
 * evaluation both record a loss; evaluations carry a confusion matrix and a ROC curve. The same
 * seed gives the same store.
 */
public final class DemoStore {

  public static final String NAMESPACE = "kubeflow-user-example-com";
  public static final List<String> PIPELINES =
      List.of("churn-training", "fraud-detection", "forecast-demand", "churn-hpo");
  static final int RUNS_PER_PIPELINE = 30;
  static final List<Integer> SEARCH_TRIALS = List.of(24, 40);

  /** Where to look in the recorded store: ids the tests and the README's click-path use. */
  public record Landmarks(
      long censusDataset,
      List<Long> runs,
      long completedRun,
      long failedRun,
      long runningRun,
      long searchRun,
      long completedRunModel) {}

  private final KfpRecorder kfp;
  private final DemoValues values;
  private final IntConsumer progress;
  private final List<Long> runs = new ArrayList<>();
  private int recorded;
  private long census;
  private long completedRun;
  private long completedRunModel;
  private long failedRun;
  private long runningRun;
  private long searchRun;

  private DemoStore(MetadataStoreServiceBlockingStub api, long seed, IntConsumer progress) {
    this.kfp = new KfpRecorder(api);
    this.values = new DemoValues(seed);
    this.progress = progress;
  }

  /** The number of runs {@link #record} writes. */
  public static int runCount() {
    return 3 * RUNS_PER_PIPELINE + SEARCH_TRIALS.size();
  }

  /**
   * Records the store through {@code api}; {@code progress} hears the number of runs recorded so
   * far after each.
   */
  public static Landmarks record(
      MetadataStoreServiceBlockingStub api, long seed, IntConsumer progress) {
    DemoStore store = new DemoStore(api, seed, progress);
    store.census =
        store.kfp.importedArtifact(
            "system.Dataset",
            "s3://datasets/census/2026-10/census.parquet",
            Map.of("rows", number(48_842), "version", text("2026-10")));
    store.classifier("churn-training", "churned");
    store.classifier("fraud-detection", "is_fraud");
    store.forecaster();
    for (int trials : SEARCH_TRIALS) {
      store.search(trials);
    }
    return new Landmarks(
        store.census,
        List.copyOf(store.runs),
        store.completedRun,
        store.failedRun,
        store.runningRun,
        store.searchRun,
        store.completedRunModel);
  }

  /**
   * 30 runs of a classifier: import the census, validate, split and featurize it (cache hits while
   * unchanged), train, evaluate, push the model when accurate enough.
   */
  private void classifier(String pipeline, String label) {
    Step validated = null;
    Step split = null;
    Map<String, Step> featurized = new LinkedHashMap<>();
    for (int i = 1; i <= RUNS_PER_PIPELINE; i++) {
      double learningRate = values.pick(0.01, 0.02, 0.05, 0.1, 0.2);
      int maxDepth = 3 + values.nextInt(6);
      String featureSet = i <= RUNS_PER_PIPELINE / 2 ? "v1" : "v2";
      Map<String, Object> arguments = new LinkedHashMap<>();
      arguments.put("learning_rate", learningRate);
      arguments.put("max_depth", maxDepth);
      arguments.put("n_estimators", 100 * (1 + values.nextInt(5)));
      arguments.put("feature_set", featureSet);
      arguments.put("label", label);
      Run run = start(pipeline, arguments);
      long dag = run.rootDag();
      Step imported = kfp.importer(run, dag, "import-census", census);
      List<Input> dataset = List.of(new Input("dataset", imported.output("artifact")));
      // A cache hit names the execution that computed the step, never another hit (KFP's
      // driver takes the newest task the launcher ran).
      if (validated == null) {
        validated =
            kfp.step(
                run,
                dag,
                "validate-data",
                "system.ContainerExecution",
                Map.of(),
                dataset,
                List.of(Output.of("report", "system.Markdown")),
                Execution.State.COMPLETE,
                Map.of());
      } else {
        kfp.cachedStep(run, dag, "validate-data", Map.of(), dataset, validated);
      }
      Map<String, Object> splitting = Map.of("test_fraction", 0.2, "seed", 7);
      if (split == null) {
        split =
            kfp.step(
                run,
                dag,
                "split-data",
                "system.ContainerExecution",
                splitting,
                dataset,
                List.of(Output.of("train", "system.Dataset"), Output.of("test", "system.Dataset")),
                Execution.State.COMPLETE,
                Map.of());
      } else {
        kfp.cachedStep(run, dag, "split-data", splitting, dataset, split);
      }
      List<Input> train = List.of(new Input("train", split.output("train")));
      Map<String, Object> features = Map.of("feature_set", featureSet);
      Step previous = featurized.get(featureSet);
      Step featuresStep =
          previous == null
              ? kfp.step(
                  run,
                  dag,
                  "featurize",
                  "system.ContainerExecution",
                  features,
                  train,
                  List.of(Output.of("features", "system.Dataset")),
                  Execution.State.COMPLETE,
                  Map.of())
              : kfp.cachedStep(run, dag, "featurize", features, train, previous);
      featurized.putIfAbsent(featureSet, featuresStep);

      boolean trainFails = pipeline.equals("churn-training") && (i == 7 || i == 19);
      boolean evaluateFails = pipeline.equals("fraud-detection") && i == 12;
      boolean stillRunning = pipeline.equals("churn-training") && i == RUNS_PER_PIPELINE;
      double quality = DemoValues.quality(learningRate, maxDepth, featureSet);
      Step trained =
          kfp.step(
              run,
              dag,
              "train",
              "system.ContainerExecution",
              Map.of("learning_rate", learningRate, "max_depth", maxDepth),
              List.of(new Input("features", featuresStep.output("features"))),
              trainFails
                  ? List.of()
                  : List.of(
                      new Output("model", "system.Model", Map.of("framework", text("xgboost"))),
                      new Output(
                          "metrics",
                          "system.Metrics",
                          Map.of("loss", number(trainingLoss(quality))))),
              trainFails ? Execution.State.FAILED : Execution.State.COMPLETE,
              Map.of());
      if (trainFails) {
        finish(run, Execution.State.FAILED, arguments);
        failedRun = run.context().getId();
        continue;
      }
      List<Input> evaluation =
          List.of(
              new Input("model", trained.output("model")), new Input("test", split.output("test")));
      if (stillRunning || evaluateFails) {
        Execution.State state = stillRunning ? Execution.State.RUNNING : Execution.State.FAILED;
        kfp.step(
            run,
            dag,
            "evaluate",
            "system.ContainerExecution",
            Map.of(),
            evaluation,
            List.of(),
            state,
            Map.of());
        finish(run, state, arguments);
        if (stillRunning) {
          runningRun = run.context().getId();
        }
        continue;
      }
      double accuracy = DemoValues.round(quality + values.noise(0.01));
      kfp.step(
          run,
          dag,
          "evaluate",
          "system.ContainerExecution",
          Map.of(),
          evaluation,
          List.of(
              new Output(
                  "metrics",
                  "system.Metrics",
                  Map.of(
                      "loss", number(DemoValues.round(1.05 - accuracy + values.noise(0.02))),
                      "accuracy", number(accuracy),
                      "auc",
                          number(
                              DemoValues.round(
                                  Math.min(0.999, accuracy + 0.04 + values.noise(0.01)))),
                      "f1", number(DemoValues.round(accuracy - 0.06 + values.noise(0.02))))),
              new Output(
                  "classification", "system.ClassificationMetrics", values.confusion(accuracy)),
              Output.of("report", "system.HTML")),
          Execution.State.COMPLETE,
          Map.of());
      boolean deploy = accuracy >= 0.9;
      kfp.step(
          run,
          dag,
          "push-model",
          "system.ContainerExecution",
          Map.of("threshold", 0.9),
          deploy ? List.of(new Input("model", trained.output("model"))) : List.of(),
          deploy ? List.of(Output.of("serving", "system.Artifact")) : List.of(),
          // A condition that did not hold: KFP records the task as not triggered.
          deploy ? Execution.State.COMPLETE : Execution.State.CANCELED,
          Map.of());
      finish(run, Execution.State.COMPLETE, arguments);
      if (pipeline.equals("churn-training")) {
        // The last one: its unchanged steps are cache hits of the first run's.
        completedRun = run.context().getId();
        completedRunModel = trained.output("model");
      }
    }
  }

  /** Weekly sales history versions; each version's cleaning is computed once and then cached. */
  private void forecaster() {
    Map<Integer, Step> cleaned = new LinkedHashMap<>();
    Map<Integer, Long> versions = new LinkedHashMap<>();
    for (int i = 1; i <= RUNS_PER_PIPELINE; i++) {
      int week = 1 + (i - 1) / 5;
      long sales =
          versions.computeIfAbsent(
              week,
              w ->
                  kfp.importedArtifact(
                      "system.Dataset",
                      "s3://datasets/sales/2026-w" + (40 + w) + "/sales.parquet",
                      Map.of("version", text("2026-w" + (40 + w)))));
      String seasonality = i % 3 == 0 ? "yearly" : "weekly";
      Map<String, Object> arguments = new LinkedHashMap<>();
      arguments.put("sales_version", "2026-w" + (40 + week));
      arguments.put("seasonality", seasonality);
      arguments.put("horizon_days", 28);
      Run run = start("forecast-demand", arguments);
      long dag = run.rootDag();
      Step imported = kfp.importer(run, dag, "import-sales", sales);
      List<Input> history = List.of(new Input("history", imported.output("artifact")));
      Step previous = cleaned.get(week);
      Step clean =
          previous == null
              ? kfp.step(
                  run,
                  dag,
                  "clean",
                  "system.ContainerExecution",
                  Map.of(),
                  history,
                  List.of(Output.of("clean", "system.Dataset")),
                  Execution.State.COMPLETE,
                  Map.of())
              : kfp.cachedStep(run, dag, "clean", Map.of(), history, previous);
      cleaned.putIfAbsent(week, clean);
      List<Input> data = List.of(new Input("data", clean.output("clean")));
      kfp.step(
          run,
          dag,
          "check-drift",
          "system.ContainerExecution",
          Map.of(),
          data,
          List.of(
              new Output(
                  "drift",
                  "system.Metrics",
                  Map.of("drift_score", number(DemoValues.round(values.nextDouble() * 0.3))))),
          Execution.State.COMPLETE,
          Map.of());
      boolean stillRunning = i == RUNS_PER_PIPELINE;
      double error =
          DemoValues.round(0.08 + (seasonality.equals("yearly") ? 0.02 : 0) + values.noise(0.01));
      Step trained =
          kfp.step(
              run,
              dag,
              "train-forecaster",
              "system.ContainerExecution",
              Map.of("seasonality", seasonality),
              data,
              stillRunning
                  ? List.of()
                  : List.of(
                      new Output("model", "system.Model", Map.of("framework", text("prophet"))),
                      new Output(
                          "metrics",
                          "system.Metrics",
                          Map.of("loss", number(DemoValues.round(error * 1.4))))),
              stillRunning ? Execution.State.RUNNING : Execution.State.COMPLETE,
              Map.of());
      if (stillRunning) {
        finish(run, Execution.State.RUNNING, arguments);
        continue;
      }
      List<Input> backtestInputs =
          List.of(
              new Input("model", trained.output("model")),
              new Input("data", clean.output("clean")));
      kfp.step(
          run,
          dag,
          "backtest",
          "system.ContainerExecution",
          Map.of("folds", 4),
          backtestInputs,
          List.of(
              new Output(
                  "metrics",
                  "system.Metrics",
                  Map.of(
                      "mape", number(error),
                      "rmse", number(DemoValues.round(error * 310 + values.noise(3))),
                      "coverage", number(DemoValues.round(0.9 + values.noise(0.02))))),
              Output.of("report", "system.Markdown")),
          Execution.State.COMPLETE,
          Map.of());
      kfp.step(
          run,
          dag,
          "publish-forecast",
          "system.ContainerExecution",
          Map.of(),
          List.of(new Input("model", trained.output("model"))),
          List.of(Output.of("forecast", "system.Artifact")),
          Execution.State.COMPLETE,
          Map.of());
      finish(run, Execution.State.COMPLETE, arguments);
    }
  }

  /** A search over learning rates in a ParallelFor loop, then a step choosing the best model. */
  private void search(int trials) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("trials", trials);
    arguments.put("label", "churned");
    Run run = start("churn-hpo", arguments);
    long dag = run.rootDag();
    Step imported = kfp.importer(run, dag, "import-census", census);
    Step split =
        kfp.step(
            run,
            dag,
            "split-data",
            "system.ContainerExecution",
            Map.of("test_fraction", 0.2, "seed", 11),
            List.of(new Input("dataset", imported.output("artifact"))),
            List.of(Output.of("train", "system.Dataset"), Output.of("test", "system.Dataset")),
            Execution.State.COMPLETE,
            Map.of());
    long loop =
        kfp.dag(
            run,
            dag,
            "for-loop-1",
            Map.of("iteration_count", Value.newBuilder().setIntValue(trials).build()));
    List<Input> models = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      double learningRate = DemoValues.round(0.005 + 0.3 * t / trials);
      int maxDepth = 3 + t % 6;
      double quality = DemoValues.quality(learningRate, maxDepth, "v2");
      Step trial =
          kfp.step(
              run,
              loop,
              "train-trial",
              "system.ContainerExecution",
              Map.of("learning_rate", learningRate, "max_depth", maxDepth),
              List.of(new Input("train", split.output("train"))),
              List.of(
                  new Output("model", "system.Model", Map.of("framework", text("xgboost"))),
                  new Output(
                      "metrics",
                      "system.Metrics",
                      Map.of(
                          "loss", number(DemoValues.round(1.0 - quality + values.noise(0.02))),
                          "accuracy", number(DemoValues.round(quality + values.noise(0.01)))))),
              Execution.State.COMPLETE,
              Map.of("iteration_index", Value.newBuilder().setIntValue(t).build()));
      models.add(new Input("models", trial.output("model")));
    }
    kfp.step(
        run,
        dag,
        "select-best",
        "system.ContainerExecution",
        Map.of("metric", "accuracy"),
        models,
        List.of(Output.of("best_model", "system.Model")),
        Execution.State.COMPLETE,
        Map.of());
    finish(run, Execution.State.COMPLETE, arguments);
    searchRun = run.context().getId();
  }

  /** A training loss: below the evaluation's (the model fits what it saw), never below zero. */
  private double trainingLoss(double quality) {
    return DemoValues.round(Math.max(0.005, (1.05 - quality) * 0.6 + values.noise(0.005)));
  }

  private Run start(String pipeline, Map<String, Object> arguments) {
    Run run = kfp.startRun(pipeline, values.runId(), NAMESPACE, arguments);
    runs.add(run.context().getId());
    return run;
  }

  private void finish(Run run, Execution.State state, Map<String, Object> arguments) {
    kfp.finish(run, state, arguments);
    progress.accept(++recorded);
  }
}
