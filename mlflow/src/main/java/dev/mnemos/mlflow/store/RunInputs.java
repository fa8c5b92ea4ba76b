package dev.mnemos.mlflow.store;

import static dev.mnemos.migrations.jooq.Tables.ARTIFACT;
import static dev.mnemos.migrations.jooq.Tables.EVENT;
import static dev.mnemos.migrations.mlflow.jooq.Tables.MNEMOS_MLFLOW_INPUT_TAG;

import com.google.gson.JsonParser;
import dev.mnemos.migrations.NodeKind;
import dev.mnemos.mlflow.model.Dataset;
import dev.mnemos.mlflow.model.DatasetInput;
import dev.mnemos.mlflow.model.MlflowError;
import dev.mnemos.mlflow.model.TrackingException;
import dev.mnemos.mlflow.store.RunNodes.StoredRun;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.store.GraphReads;
import dev.mnemos.server.store.GraphWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The datasets runs read (MLflow's log-inputs), in the MLMD graph: a dataset is an artifact of type
 * {@code mlflow.Dataset}, one per experiment, name and digest as MLflow keeps one row per them,
 * attributed to its experiment's context, its URI the location its source names; a run reading it
 * is an INPUT event from the run's execution to it (and the artifact's attribution to the run's
 * context), so lineage walks from a model's run back to its data. The tags of that use live in
 * {@code mnemos_mlflow_input_tag}: MLMD events have no properties.
 */
final class RunInputs {

  static final String NAME = "name";
  static final String DIGEST = "digest";
  static final String SOURCE_TYPE = "source_type";
  static final String SOURCE = "source";
  static final String SCHEMA = "schema";
  static final String PROFILE = "profile";

  /** MLMD's names are 255 characters; MLflow's dataset names 500. */
  private static final int MAX_NODE_NAME = 255;

  private RunInputs() {}

  /**
   * Records that {@code run} read {@code inputs}: each dataset first seen in the experiment is
   * stored, each input first seen for the run is recorded with its tags; what is stored already is
   * kept as it is (as MLflow keeps it). The inputs are MLflow's checked ones, deduplicated by name
   * and digest.
   */
  static void log(
      GraphWriter writer,
      MlflowTypes types,
      StoredRun run,
      long experimentContext,
      List<DatasetInput> inputs) {
    String experimentId = run.info().experimentId();
    long executionId = run.execution().storedId();
    for (DatasetInput input : inputs) {
      Dataset dataset = input.dataset();
      String nodeName = nodeName(experimentId, dataset);
      long artifactId =
          writer
              .node(NodeKind.ARTIFACT, types.datasetType(), nodeName)
              .map(Node::storedId)
              .orElseGet(() -> insert(writer, types, experimentContext, nodeName, dataset));
      boolean read =
          writer
              .sql()
              .fetchExists(
                  EVENT,
                  EVENT.EXECUTION_ID.eq(executionId),
                  EVENT.ARTIFACT_ID.eq(artifactId),
                  EVENT.TYPE.eq((long) Event.Type.INPUT_VALUE));
      if (read) {
        continue;
      }
      writer.addEvent(artifactId, executionId, Event.Type.INPUT, System.currentTimeMillis());
      writer.attribute(run.contextId(), artifactId);
      Set<String> keys = new HashSet<>();
      for (Map.Entry<String, String> tag : input.tags()) {
        if (!keys.add(tag.getKey())) {
          // MLflow's database refuses the second row of the key, and MLflow answers so.
          throw new TrackingException(
              MlflowError.BAD_REQUEST,
              "A dataset input names the tag '" + tag.getKey() + "' more than once");
        }
      }
      input
          .tags()
          .forEach(
              tag ->
                  writer
                      .sql()
                      .insertInto(
                          MNEMOS_MLFLOW_INPUT_TAG,
                          MNEMOS_MLFLOW_INPUT_TAG.RUN_ID,
                          MNEMOS_MLFLOW_INPUT_TAG.ARTIFACT_ID,
                          MNEMOS_MLFLOW_INPUT_TAG.TAG_KEY,
                          MNEMOS_MLFLOW_INPUT_TAG.TAG_VALUE)
                      .values(run.contextId(), artifactId, tag.getKey(), tag.getValue())
                      .execute());
    }
  }

  private static long insert(
      GraphWriter writer,
      MlflowTypes types,
      long experimentContext,
      String nodeName,
      Dataset dataset) {
    Map<String, Value> properties = new HashMap<>();
    properties.put(NAME, Values.text(dataset.name()));
    properties.put(DIGEST, Values.text(dataset.digest()));
    properties.put(SOURCE_TYPE, Values.text(dataset.sourceType()));
    properties.put(SOURCE, Values.text(dataset.source()));
    if (dataset.schema() != null) {
      properties.put(SCHEMA, Values.text(dataset.schema()));
    }
    if (dataset.profile() != null) {
      properties.put(PROFILE, Values.text(dataset.profile()));
    }
    long id =
        writer.insert(
            new Node(
                NodeKind.ARTIFACT,
                null,
                types.datasetType(),
                null,
                nodeName,
                null,
                location(dataset.source()),
                (long) Artifact.State.LIVE_VALUE,
                null,
                null,
                properties,
                Map.of()));
    writer.attribute(experimentContext, id);
    return id;
  }

  /**
   * The artifact's name: unique per type in MLMD, so it carries the experiment; the digest and the
   * name make it readable in lineage. A name too long for MLMD is replaced by its SHA-256.
   */
  static String nodeName(String experimentId, Dataset dataset) {
    String name = experimentId + "/" + dataset.digest() + "/" + dataset.name();
    if (name.length() <= MAX_NODE_NAME) {
      return name;
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(dataset.name().getBytes(StandardCharsets.UTF_8));
      return experimentId + "/" + dataset.digest() + "/sha256:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /**
   * Where the dataset is, as MLMD's URI: the {@code uri}, {@code url} or {@code path} its source
   * names (MLflow's sources are JSON: {@code {"uri": "s3://..."}}); none when it names none.
   */
  private static @Nullable String location(String source) {
    try {
      var json = JsonParser.parseString(source);
      if (json.isJsonObject()) {
        for (String key : List.of("uri", "url", "path")) {
          var value = json.getAsJsonObject().get(key);
          if (value != null && value.isJsonPrimitive()) {
            return value.getAsString();
          }
        }
      }
    } catch (RuntimeException e) {
      // Not JSON: a source of a kind MLflow does not make; the dataset has no URI then.
    }
    return null;
  }

  /** The datasets each run read, by run context, in the order they were first logged. */
  static Map<Long, List<DatasetInput>> read(
      DSLContext sql, long datasetType, Collection<StoredRun> runs) {
    Map<Long, Long> runOfExecution = new HashMap<>();
    runs.forEach(run -> runOfExecution.put(run.execution().storedId(), run.contextId()));
    Map<Long, List<DatasetInput>> found = new HashMap<>();
    if (runs.isEmpty()) {
      return found;
    }
    var events =
        sql.select(EVENT.EXECUTION_ID, EVENT.ARTIFACT_ID)
            .from(EVENT)
            .join(ARTIFACT)
            .on(ARTIFACT.ID.eq(EVENT.ARTIFACT_ID))
            .where(
                EVENT.EXECUTION_ID.in(runOfExecution.keySet()),
                EVENT.TYPE.eq((long) Event.Type.INPUT_VALUE),
                ARTIFACT.TYPE_ID.eq(datasetType))
            .orderBy(EVENT.ID)
            .fetch();
    if (events.isEmpty()) {
      return found;
    }
    Map<Long, Map<String, String>> datasets = new HashMap<>();
    for (GraphReads.PropertyEntry entry :
        GraphReads.in(sql).properties(NodeKind.ARTIFACT, events.map(event -> event.value2()))) {
      datasets
          .computeIfAbsent(entry.ownerId(), id -> new HashMap<>())
          .put(entry.name(), entry.value().getStringValue());
    }
    Map<List<Long>, Map<String, String>> tags = new HashMap<>();
    sql.selectFrom(MNEMOS_MLFLOW_INPUT_TAG)
        .where(MNEMOS_MLFLOW_INPUT_TAG.RUN_ID.in(runOfExecution.values()))
        .fetch()
        .forEach(
            tag ->
                tags.computeIfAbsent(
                        List.of(tag.getRunId(), tag.getArtifactId()), key -> new TreeMap<>())
                    .put(tag.getTagKey(), tag.getTagValue()));
    for (var event : events) {
      long run = Objects.requireNonNull(runOfExecution.get(event.value1()));
      Map<String, String> properties = datasets.getOrDefault(event.value2(), Map.of());
      found
          .computeIfAbsent(run, id -> new ArrayList<>())
          .add(
              new DatasetInput(
                  new Dataset(
                      properties.getOrDefault(NAME, ""),
                      properties.getOrDefault(DIGEST, ""),
                      properties.getOrDefault(SOURCE_TYPE, ""),
                      properties.getOrDefault(SOURCE, ""),
                      properties.get(SCHEMA),
                      properties.get(PROFILE)),
                  List.copyOf(
                      tags.getOrDefault(List.of(run, event.value2()), Map.of()).entrySet())));
    }
    return found;
  }

  /** Forgets the input tags of run contexts the store deleted. */
  static void forget(DSLContext sql, Collection<Long> runContexts) {
    sql.deleteFrom(MNEMOS_MLFLOW_INPUT_TAG)
        .where(MNEMOS_MLFLOW_INPUT_TAG.RUN_ID.in(runContexts))
        .execute();
  }

  /** Forgets the input tags of dataset artifacts the store deleted. */
  static void forgetDatasets(DSLContext sql, Collection<Long> artifacts) {
    sql.deleteFrom(MNEMOS_MLFLOW_INPUT_TAG)
        .where(MNEMOS_MLFLOW_INPUT_TAG.ARTIFACT_ID.in(artifacts))
        .execute();
  }

  /** The inputs of a log-inputs call as MLflow keeps them: the first of each name and digest. */
  static List<DatasetInput> distinct(List<DatasetInput> inputs) {
    Map<List<String>, DatasetInput> first = new LinkedHashMap<>();
    inputs.forEach(
        input ->
            first.putIfAbsent(List.of(input.dataset().name(), input.dataset().digest()), input));
    return List.copyOf(first.values());
  }

  /** Refuses what MLflow refuses in a dataset input. */
  static void check(DatasetInput input) {
    Dataset dataset = input.dataset();
    Validation.length("name", 500, dataset.name());
    Validation.length("digest", 36, dataset.digest());
    Validation.length("source", 65535, dataset.source());
    if (dataset.schema() != null) {
      Validation.length("schema", 1048575, dataset.schema());
    }
    if (dataset.profile() != null) {
      Validation.length("profile", 16777215, dataset.profile());
    }
    input
        .tags()
        .forEach(
            tag -> {
              Validation.length("key", 255, tag.getKey());
              Validation.length("value", 500, tag.getValue());
            });
  }
}
