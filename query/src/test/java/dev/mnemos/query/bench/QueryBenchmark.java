package dev.mnemos.query.bench;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Struct;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.ExecutionType;
import dev.mnemos.proto.mlmd.GetArtifactsByContextRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByIDRequest;
import dev.mnemos.proto.mlmd.GetArtifactsRequest;
import dev.mnemos.proto.mlmd.GetArtifactsResponse;
import dev.mnemos.proto.mlmd.GetChildrenContextsByContextRequest;
import dev.mnemos.proto.mlmd.GetContextByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByIDRequest;
import dev.mnemos.proto.mlmd.GetLineageSubgraphRequest;
import dev.mnemos.proto.mlmd.LineageGraph;
import dev.mnemos.proto.mlmd.LineageSubgraphQueryOptions;
import dev.mnemos.proto.mlmd.ListOperationOptions;
import dev.mnemos.proto.mlmd.ParentContext;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutContextTypeRequest;
import dev.mnemos.proto.mlmd.PutContextsRequest;
import dev.mnemos.proto.mlmd.PutExecutionTypeRequest;
import dev.mnemos.proto.mlmd.PutLineageSubgraphRequest;
import dev.mnemos.proto.mlmd.PutLineageSubgraphResponse;
import dev.mnemos.proto.mlmd.PutParentContextsRequest;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.query.QueryLayer;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.store.MetadataStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Loads a synthetic KFP-shaped store (per run: a root DAG and 9 steps, 30 artifacts, a metrics
 * artifact with 5 scalars, a run context under one of 20 pipeline contexts) and times four GraphQL
 * questions against the way an MLMD client answers them today, in the same process on the same
 * database: p50 and p95 of each and the ratio of the medians. Not a test: run it with
 * clients/benchmarks/query_benchmark.sh.
 *
 * <p>Arguments: runs (default 10000), JDBC URL (default a new SQLite file), samples (default 40).
 */
public final class QueryBenchmark {

  private static final int PIPELINES = 20;
  private static final int STEPS = 9;
  private static final String[] METRICS = {"accuracy", "auc", "loss", "f1", "precision"};

  /** How long each question is asked both ways before it is timed. */
  private static final Duration WARM_UP = Duration.ofSeconds(3);

  private final MetadataStore store;
  private final QueryLayer layer;
  private final Random random = new Random(20261128);
  private final List<Long> models = new ArrayList<>();
  private long pipelineType;
  private long runType;
  private long dagType;
  private long stepType;
  private long dataType;
  private long modelType;
  private long metricsType;
  private final long[] pipelines = new long[PIPELINES];

  QueryBenchmark(MetadataStore store, QueryLayer layer) {
    this.store = store;
    this.layer = layer;
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Path dir = Files.createTempDirectory("mnemos-bench");
    String url =
        args.length > 1 && !args[1].isEmpty()
            ? args[1]
            : "jdbc:sqlite:" + dir.resolve("bench.sqlite");
    int samples = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    try (MetadataStore store = MetadataStore.open(DatabaseSettings.of(url));
        QueryLayer layer =
            QueryLayer.attach(store, dir.resolve("index"), QuerySettings.defaults())) {
      QueryBenchmark bench = new QueryBenchmark(store, layer);
      long started = System.nanoTime();
      bench.load(runs);
      double loadSeconds = (System.nanoTime() - started) / 1e9;
      started = System.nanoTime();
      layer.services().search().awaitCaughtUp(Duration.ofHours(1));
      double indexSeconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "Loaded %d runs (%d executions, %d artifacts) into %s in %.0f s; search index caught up"
              + " %.0f s later.%n%n",
          runs,
          runs * (STEPS + 1L),
          runs * (3L * STEPS + 3),
          url.startsWith("jdbc:sqlite") ? "SQLite" : url.replaceAll("\\?.*", ""),
          loadSeconds,
          indexSeconds);
      bench.report(samples);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Workload

  void load(int runs) {
    pipelineType = contextType("system.Pipeline");
    runType = contextType("system.PipelineRun");
    dagType = executionType("system.DAGExecution");
    stepType = executionType("system.ContainerExecution");
    dataType = artifactType("system.Dataset");
    modelType = artifactType("system.Model");
    metricsType = artifactType("system.Metrics");
    for (int p = 0; p < PIPELINES; p++) {
      pipelines[p] =
          store
              .nodes()
              .putContexts(
                  PutContextsRequest.newBuilder()
                      .addContexts(
                          Context.newBuilder().setTypeId(pipelineType).setName(pipelineName(p)))
                      .build())
              .getContextIds(0);
    }
    for (int r = 0; r < runs; r++) {
      loadRun(r);
      if ((r + 1) % 1000 == 0) {
        System.err.printf("loaded %d runs%n", r + 1);
      }
    }
  }

  private static String pipelineName(int p) {
    return p % 2 == 0 ? "churn-" + p : "fraud-" + p;
  }

  private void loadRun(int r) {
    int p = r % PIPELINES;
    String runName = "run-" + r;
    String root = "minio://mlpipeline/v2/artifacts/" + pipelineName(p) + "/" + runName;
    PutLineageSubgraphRequest.Builder graph = PutLineageSubgraphRequest.newBuilder();
    graph.addContexts(
        Context.newBuilder().setId(pipelines[p]).setTypeId(pipelineType).setName(pipelineName(p)));
    graph.addContexts(Context.newBuilder().setTypeId(runType).setName(runName));
    Struct.Builder inputs = Struct.newBuilder();
    inputs.putFields("learning_rate", number(random.nextDouble() / 10));
    inputs.putFields("epochs", number(1 + random.nextInt(50)));
    graph.addExecutions(
        Execution.newBuilder()
            .setTypeId(dagType)
            .setName("run/" + runName)
            .setLastKnownState(
                random.nextInt(20) == 0 ? Execution.State.FAILED : Execution.State.COMPLETE)
            .putCustomProperties("inputs", Value.newBuilder().setStructValue(inputs).build()));
    int artifact = 0;
    for (int s = 1; s <= STEPS; s++) {
      graph.addExecutions(
          Execution.newBuilder()
              .setTypeId(stepType)
              .setLastKnownState(Execution.State.COMPLETE)
              .putCustomProperties("display_name", text("step-" + s))
              .putCustomProperties("parent_dag_id", Value.newBuilder().setIntValue(0).build()));
      if (s > 1) {
        // Reads one or two outputs of the step before.
        int previousFirst = artifact - 3;
        for (int i = 0; i < 1 + random.nextInt(2); i++) {
          graph.addEventEdges(edge(s, previousFirst + i, Event.Type.INPUT, "in" + i));
        }
      }
      for (int o = 0; o < 3; o++) {
        boolean model = s == STEPS && o == 0;
        graph.addArtifacts(
            Artifact.newBuilder()
                .setTypeId(model ? modelType : dataType)
                .setUri(root + "/step-" + s + "/" + (model ? "churn_model" : "out_" + o))
                .setState(Artifact.State.LIVE)
                .putCustomProperties("display_name", text("out_" + o)));
        graph.addEventEdges(edge(s, artifact++, Event.Type.OUTPUT, "out_" + o));
      }
    }
    Artifact.Builder metrics =
        Artifact.newBuilder()
            .setTypeId(metricsType)
            .setUri(root + "/evaluate/metrics")
            .setState(Artifact.State.LIVE);
    for (String name : METRICS) {
      metrics.putCustomProperties(
          name, Value.newBuilder().setDoubleValue(random.nextDouble()).build());
    }
    graph.addArtifacts(metrics);
    graph.addEventEdges(edge(STEPS, artifact++, Event.Type.OUTPUT, "metrics"));
    for (int extra = 0; extra < 2; extra++) {
      graph.addArtifacts(
          Artifact.newBuilder()
              .setTypeId(dataType)
              .setUri(root + "/logs/" + extra)
              .setState(Artifact.State.LIVE));
      graph.addEventEdges(edge(STEPS, artifact++, Event.Type.OUTPUT, "log" + extra));
    }
    graph.setOptions(
        PutLineageSubgraphRequest.Options.newBuilder().setReuseContextIfAlreadyExist(true));
    PutLineageSubgraphResponse ids = store.lineageWrites().putLineageSubgraph(graph.build());
    models.add(ids.getArtifactIds((STEPS - 1) * 3));
    store
        .relations()
        .putParentContexts(
            PutParentContextsRequest.newBuilder()
                .addParentContexts(
                    ParentContext.newBuilder()
                        .setChildId(ids.getContextIds(1))
                        .setParentId(pipelines[p]))
                .build());
  }

  private static PutLineageSubgraphRequest.EventEdge edge(
      int execution, int artifact, Event.Type type, String key) {
    return PutLineageSubgraphRequest.EventEdge.newBuilder()
        .setExecutionIndex(execution)
        .setArtifactIndex(artifact)
        .setEvent(
            Event.newBuilder()
                .setType(type)
                .setPath(
                    Event.Path.newBuilder().addSteps(Event.Path.Step.newBuilder().setKey(key))))
        .build();
  }

  private static com.google.protobuf.Value number(double value) {
    return com.google.protobuf.Value.newBuilder().setNumberValue(value).build();
  }

  private static Value text(String value) {
    return Value.newBuilder().setStringValue(value).build();
  }

  private long contextType(String name) {
    return store
        .types()
        .putContextType(
            PutContextTypeRequest.newBuilder()
                .setContextType(ContextType.newBuilder().setName(name))
                .build())
        .getTypeId();
  }

  private long executionType(String name) {
    return store
        .types()
        .putExecutionType(
            PutExecutionTypeRequest.newBuilder()
                .setExecutionType(ExecutionType.newBuilder().setName(name))
                .build())
        .getTypeId();
  }

  private long artifactType(String name) {
    return store
        .types()
        .putArtifactType(
            PutArtifactTypeRequest.newBuilder()
                .setArtifactType(ArtifactType.newBuilder().setName(name))
                .build())
        .getTypeId();
  }

  // ---------------------------------------------------------------------------------------------
  // Questions, each asked through GraphQL and the way an MLMD client asks it

  private void report(int samples) {
    String pipeline = pipelineName(0);
    System.out.println(
        "| question | Mnemos GraphQL p50 | p95 | MLMD API way p50 | p95 | ratio of medians |");
    System.out.println("|---|---|---|---|---|---|");
    row(
        "lineage of a model, 5 hops upstream",
        samples,
        () ->
            graphql(
                "query($id: Long!) { lineage(input: {start: [{kind: ARTIFACT, id: $id}],"
                    + " maxHops: 5, maxNodes: 1000}) { artifacts { id uri } executions { id }"
                    + " edges { type } } }",
                Map.of("id", randomModel())),
        this::lineageTheMlmdWay);
    row(
        "top 20 runs of a pipeline by accuracy",
        samples,
        () ->
            graphql(
                "query($pipeline: String) { runs(input: {pipeline: $pipeline, orderBy: {field:"
                    + " METRIC, metric: \"accuracy\"}, first: 20}) { nodes { name state metrics {"
                    + " name value } } } }",
                Map.of("pipeline", pipeline)),
        () -> topRunsTheMlmdWay(pipeline));
    row(
        "mean accuracy per pipeline",
        samples,
        () ->
            graphql(
                "{ metricAggregate(input: {metric: \"accuracy\", groupBy: PIPELINE, fn: AVG}) {"
                    + " key value } }",
                Map.of()),
        this::meanAccuracyTheMlmdWay);
    row(
        "search one run's artifacts by URI words",
        samples,
        () ->
            graphql(
                "query($text: String!) { search(input: {text: $text, kinds: [ARTIFACT], first:"
                    + " 50}) { totalHits hits { node { id } } } }",
                Map.of("text", "uri:\"run-" + random.nextInt(models.size()) + "\"")),
        () ->
            store
                .listings()
                .getArtifacts(
                    GetArtifactsRequest.newBuilder()
                        .setOptions(
                            ListOperationOptions.newBuilder()
                                .setMaxResultSize(50)
                                .setFilterQuery(
                                    "uri LIKE '%/run-" + random.nextInt(models.size()) + "/%'"))
                        .build()));
  }

  /** GetLineageSubgraph answers ids; a client showing the graph then reads the nodes. */
  private Object lineageTheMlmdWay() {
    LineageGraph graph =
        store
            .lineage()
            .getLineageSubgraph(
                GetLineageSubgraphRequest.newBuilder()
                    .setLineageSubgraphQueryOptions(
                        LineageSubgraphQueryOptions.newBuilder()
                            .setStartingArtifacts(
                                LineageSubgraphQueryOptions.StartingNodes.newBuilder()
                                    .setFilterQuery("id = " + randomModel()))
                            .setMaxNumHops(5)
                            .setDirection(LineageSubgraphQueryOptions.Direction.UPSTREAM))
                    .setReadMask(
                        FieldMask.newBuilder()
                            .addPaths("artifacts")
                            .addPaths("executions")
                            .addPaths("events"))
                    .build())
            .getLineageSubgraph();
    store
        .nodes()
        .getArtifactsById(
            GetArtifactsByIDRequest.newBuilder()
                .addAllArtifactIds(graph.getArtifactsList().stream().map(Artifact::getId).toList())
                .build());
    return store
        .nodes()
        .getExecutionsById(
            GetExecutionsByIDRequest.newBuilder()
                .addAllExecutionIds(
                    graph.getExecutionsList().stream().map(Execution::getId).toList())
                .build());
  }

  private long randomModel() {
    return models.get(random.nextInt(models.size()));
  }

  /** A GraphQL request as clients send it: a fixed query text, the values as variables. */
  private Object graphql(String query, Map<String, Object> variables) {
    Map<String, Object> result = layer.engine().execute(query, null, variables, Caller.OPEN);
    if (result.containsKey("errors")) {
      throw new IllegalStateException(query + " failed: " + result.get("errors"));
    }
    return result;
  }

  /**
   * What the KFP UI does: list the pipeline's runs (its child contexts), read each run's artifacts,
   * keep the metrics ones, sort by the metric.
   */
  private Object topRunsTheMlmdWay(String pipeline) {
    long pipelineId =
        store
            .nodes()
            .getContextByTypeAndName(
                GetContextByTypeAndNameRequest.newBuilder()
                    .setTypeName("system.Pipeline")
                    .setContextName(pipeline)
                    .build())
            .getContext()
            .getId();
    List<Context> runs =
        store
            .relations()
            .getChildrenContextsByContext(
                GetChildrenContextsByContextRequest.newBuilder().setContextId(pipelineId).build())
            .getContextsList();
    List<double[]> scored = new ArrayList<>();
    for (Context run : runs) {
      for (Artifact artifact :
          store
              .listings()
              .getArtifactsByContext(
                  GetArtifactsByContextRequest.newBuilder().setContextId(run.getId()).build())
              .getArtifactsList()) {
        if (artifact.getTypeId() == metricsType) {
          scored.add(
              new double[] {
                run.getId(), artifact.getCustomPropertiesOrThrow("accuracy").getDoubleValue()
              });
        }
      }
    }
    scored.sort((a, b) -> Double.compare(b[1], a[1]));
    return scored.subList(0, Math.min(20, scored.size()));
  }

  /** Every metrics artifact with its run and pipeline, averaged by pipeline in the client. */
  private Object meanAccuracyTheMlmdWay() {
    double[] sums = new double[PIPELINES];
    int[] counts = new int[PIPELINES];
    for (int p = 0; p < PIPELINES; p++) {
      ListOperationOptions.Builder options =
          ListOperationOptions.newBuilder()
              .setMaxResultSize(100)
              .setFilterQuery(
                  "type = 'system.Metrics' AND contexts_p.type = 'system.Pipeline' AND contexts_p.name = '"
                      + pipelineName(p)
                      + "'");
      while (true) {
        GetArtifactsResponse page =
            store
                .listings()
                .getArtifacts(GetArtifactsRequest.newBuilder().setOptions(options).build());
        for (Artifact artifact : page.getArtifactsList()) {
          sums[p] += artifact.getCustomPropertiesOrThrow("accuracy").getDoubleValue();
          counts[p]++;
        }
        if (page.getNextPageToken().isEmpty()) {
          break;
        }
        options.setNextPageToken(page.getNextPageToken());
      }
    }
    return Arrays.toString(sums) + Arrays.toString(counts);
  }

  private static void row(
      String name, int samples, Supplier<Object> mnemos, Supplier<Object> mlmd) {
    // Each side until the JIT has compiled its path: a few calls leave GraphQL's deeper stack cold.
    long warmUntil = System.nanoTime() + WARM_UP.toNanos();
    for (int i = 0; i < 5 || System.nanoTime() < warmUntil; i++) {
      mnemos.get();
      mlmd.get();
    }
    double[] ours = new double[samples];
    double[] theirs = new double[samples];
    for (int i = 0; i < samples; i++) {
      ours[i] = time(mnemos);
      theirs[i] = time(mlmd);
    }
    Arrays.sort(ours);
    Arrays.sort(theirs);
    System.out.printf(
        Locale.ROOT,
        "| %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.2f |%n",
        name,
        percentile(ours, 0.5),
        percentile(ours, 0.95),
        percentile(theirs, 0.5),
        percentile(theirs, 0.95),
        percentile(ours, 0.5) / percentile(theirs, 0.5));
  }

  private static double time(Supplier<Object> work) {
    long started = System.nanoTime();
    work.get();
    return (System.nanoTime() - started) / 1e6;
  }

  private static double percentile(double[] sorted, double rank) {
    int index = (int) Math.ceil(rank * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
