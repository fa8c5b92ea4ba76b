package dev.mnemos.mlflow.store;

import static dev.mnemos.migrations.jooq.Tables.ARTIFACT;
import static dev.mnemos.migrations.jooq.Tables.ARTIFACTPROPERTY;
import static dev.mnemos.migrations.jooq.Tables.CONTEXT;
import static dev.mnemos.migrations.jooq.Tables.CONTEXTPROPERTY;
import static dev.mnemos.migrations.jooq.Tables.EVENT;
import static dev.mnemos.migrations.jooq.Tables.EXECUTIONPROPERTY;
import static dev.mnemos.migrations.jooq.Tables.PARENTCONTEXT;
import static dev.mnemos.migrations.mlflow.jooq.Tables.MNEMOS_MLFLOW_INPUT_TAG;
import static dev.mnemos.migrations.mlflow.jooq.Tables.MNEMOS_MLFLOW_LATEST_METRIC;
import static dev.mnemos.mlflow.store.MlflowTypes.EXECUTION_ID;
import static dev.mnemos.mlflow.store.MlflowTypes.LIFECYCLE_STAGE;
import static dev.mnemos.mlflow.store.MlflowTypes.PARAM_PREFIX;
import static dev.mnemos.mlflow.store.MlflowTypes.START_TIME;
import static dev.mnemos.mlflow.store.MlflowTypes.TAG_PREFIX;

import dev.mnemos.mlflow.model.DatasetInput;
import dev.mnemos.mlflow.model.LifecycleStage;
import dev.mnemos.mlflow.model.ViewType;
import dev.mnemos.mlflow.store.SearchFilter.Entity;
import dev.mnemos.mlflow.store.SearchFilter.Key;
import dev.mnemos.proto.mlmd.Event;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * What a run search reads: for each run of the searched experiments, only the values its filter and
 * order name, one key at a time over all the runs (the runs given by a subquery, never by a list of
 * ids), so that a search over tens of thousands of runs reads a few narrow rows per run, and whole
 * runs only for the page it answers.
 */
final class RunColumns {

  /** The text attributes a run without the property answers as empty, as its RunInfo does. */
  private static final Set<String> TEXT_ATTRIBUTES =
      Set.of("run_name", "status", "user_id", "artifact_uri");

  private RunColumns() {}

  /**
   * The runs (contexts of type {@code runType}) of the experiments whose contexts are given, in
   * {@code view}, with the values of {@code keys}.
   */
  static List<SearchRow> read(
      DSLContext sql,
      MlflowTypes types,
      Collection<Long> experimentContexts,
      ViewType view,
      Set<Key> keys) {
    Select<Record1<Long>> runs =
        DSL.select(PARENTCONTEXT.CONTEXT_ID)
            .from(PARENTCONTEXT)
            .join(CONTEXT)
            .on(CONTEXT.ID.eq(PARENTCONTEXT.CONTEXT_ID))
            .where(
                PARENTCONTEXT.PARENT_CONTEXT_ID.in(experimentContexts),
                CONTEXT.TYPE_ID.eq(types.runType()));
    // Each run's id, name, stage and start in one pass: every search reads them.
    Table<?> stage = CONTEXTPROPERTY.as("stage");
    Table<?> start = CONTEXTPROPERTY.as("start");
    Map<Long, Map<Key, Object>> values = new LinkedHashMap<>();
    List<SearchRow> rows = new ArrayList<>();
    for (var run :
        sql.select(
                CONTEXT.ID,
                CONTEXT.NAME,
                stage.field(CONTEXTPROPERTY.STRING_VALUE),
                start.field(CONTEXTPROPERTY.STRING_VALUE))
            .from(CONTEXT)
            .leftJoin(stage)
            .on(declared(stage, LIFECYCLE_STAGE))
            .leftJoin(start)
            .on(declared(start, START_TIME))
            .where(CONTEXT.ID.in(runs))
            .fetch()) {
      long id = run.value1();
      if (!view.includes(LifecycleStage.ofWireName(Objects.requireNonNullElse(run.value3(), "")))) {
        continue;
      }
      Map<Key, Object> own = new HashMap<>();
      values.put(id, own);
      Long started = millis(run.value4());
      rows.add(new SearchRow(id, run.value2(), started == null ? 0 : started, own));
    }
    for (Key key : keys) {
      read(sql, types, runs, key)
          .forEach(
              (id, value) -> {
                Map<Key, Object> own = values.get(id);
                if (own != null) {
                  own.put(key, value);
                }
              });
      if (key.entity() == Entity.ATTRIBUTE) {
        for (SearchRow row : rows) {
          defaultAttribute(row, key);
        }
      }
    }
    return rows;
  }

  /** The values of one key, by run context. */
  private static Map<Long, Object> read(
      DSLContext sql, MlflowTypes types, Select<Record1<Long>> runs, Key key) {
    Map<Long, Object> found = new HashMap<>();
    switch (key.entity()) {
      case METRIC -> {
        var latest = MNEMOS_MLFLOW_LATEST_METRIC;
        sql.select(latest.RUN_ID, latest.VALUE, latest.IS_NAN)
            .from(latest)
            .where(latest.METRIC_KEY.eq(key.key()), latest.RUN_ID.in(runs))
            .fetch()
            .forEach(
                row -> found.put(row.value1(), MetricHistory.read(row.value2(), row.value3())));
      }
      case PARAM -> {
        Table<?> run = CONTEXTPROPERTY.as("run");
        var execution = run.field(CONTEXTPROPERTY.INT_VALUE);
        var owner = run.field(CONTEXTPROPERTY.CONTEXT_ID);
        sql.select(owner, EXECUTIONPROPERTY.STRING_VALUE)
            .from(run)
            .join(EXECUTIONPROPERTY)
            .on(EXECUTIONPROPERTY.EXECUTION_ID.eq(execution))
            .where(
                run.field(CONTEXTPROPERTY.NAME).eq(EXECUTION_ID),
                run.field(CONTEXTPROPERTY.IS_CUSTOM_PROPERTY).isFalse(),
                owner.in(runs),
                EXECUTIONPROPERTY.NAME.eq(PARAM_PREFIX + key.key()),
                EXECUTIONPROPERTY.IS_CUSTOM_PROPERTY.isTrue())
            .fetch()
            .forEach(row -> found.put(row.value1(), row.value2()));
      }
      case TAG -> found.putAll(property(sql, runs, TAG_PREFIX + key.key(), true));
      case ATTRIBUTE -> {
        if (!key.key().equals("run_id")) {
          property(sql, runs, key.key(), false)
              .forEach(
                  (id, text) ->
                      found.put(id, TEXT_ATTRIBUTES.contains(key.key()) ? text : millis(text)));
        }
      }
      case DATASET -> found.putAll(datasets(sql, types, runs, key.key()));
    }
    found.values().removeIf(Objects::isNull);
    return found;
  }

  /**
   * The values of a dataset key over each run's inputs, as a list (a run matches when one of its
   * datasets does): {@code name} and {@code digest} of the datasets, {@code context} of the inputs
   * that have that tag.
   */
  private static Map<Long, Object> datasets(
      DSLContext sql, MlflowTypes types, Select<Record1<Long>> runs, String key) {
    Map<Long, List<String>> found = new HashMap<>();
    if (key.equals("context")) {
      var tag = MNEMOS_MLFLOW_INPUT_TAG;
      sql.select(tag.RUN_ID, tag.TAG_VALUE)
          .from(tag)
          .where(tag.TAG_KEY.eq(DatasetInput.CONTEXT_TAG), tag.RUN_ID.in(runs))
          .fetch()
          .forEach(
              row ->
                  found.computeIfAbsent(row.value1(), id -> new ArrayList<>()).add(row.value2()));
    } else {
      Table<?> run = CONTEXTPROPERTY.as("run");
      var owner = run.field(CONTEXTPROPERTY.CONTEXT_ID);
      sql.select(owner, ARTIFACTPROPERTY.STRING_VALUE)
          .from(run)
          .join(EVENT)
          .on(EVENT.EXECUTION_ID.eq(run.field(CONTEXTPROPERTY.INT_VALUE)))
          .join(ARTIFACT)
          .on(ARTIFACT.ID.eq(EVENT.ARTIFACT_ID))
          .join(ARTIFACTPROPERTY)
          .on(ARTIFACTPROPERTY.ARTIFACT_ID.eq(EVENT.ARTIFACT_ID))
          .where(
              run.field(CONTEXTPROPERTY.NAME).eq(EXECUTION_ID),
              run.field(CONTEXTPROPERTY.IS_CUSTOM_PROPERTY).isFalse(),
              owner.in(runs),
              EVENT.TYPE.eq((long) Event.Type.INPUT_VALUE),
              ARTIFACT.TYPE_ID.eq(types.datasetType()),
              ARTIFACTPROPERTY.NAME.eq(key),
              ARTIFACTPROPERTY.IS_CUSTOM_PROPERTY.isFalse())
          .fetch()
          .forEach(
              row ->
                  found.computeIfAbsent(row.value1(), id -> new ArrayList<>()).add(row.value2()));
    }
    return new HashMap<>(found);
  }

  /** The attributes every run answers: its id, and empty text where the property is missing. */
  private static void defaultAttribute(SearchRow row, Key key) {
    if (key.key().equals("run_id")) {
      row.values().put(key, row.runId());
    } else if (key.key().equals("start_time")) {
      row.values().put(key, row.startTime());
    } else if (TEXT_ATTRIBUTES.contains(key.key())) {
      row.values().putIfAbsent(key, "");
    }
  }

  /** The join condition of a run context's declared property {@code name} in {@code alias}. */
  private static Condition declared(Table<?> alias, String name) {
    return alias
        .field(CONTEXTPROPERTY.CONTEXT_ID)
        .eq(CONTEXT.ID)
        .and(alias.field(CONTEXTPROPERTY.NAME).eq(name))
        .and(alias.field(CONTEXTPROPERTY.IS_CUSTOM_PROPERTY).isFalse());
  }

  private static Map<Long, String> property(
      DSLContext sql, Select<Record1<Long>> runs, String name, boolean custom) {
    Map<Long, String> found = new HashMap<>();
    sql.select(CONTEXTPROPERTY.CONTEXT_ID, CONTEXTPROPERTY.STRING_VALUE)
        .from(CONTEXTPROPERTY)
        .where(
            CONTEXTPROPERTY.NAME.eq(name),
            CONTEXTPROPERTY.IS_CUSTOM_PROPERTY.eq(custom),
            CONTEXTPROPERTY.CONTEXT_ID.in(runs))
        .fetch()
        .forEach(row -> found.put(row.value1(), row.value2()));
    return found;
  }

  private static @Nullable Long millis(@Nullable String text) {
    if (text == null) {
      return null;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
