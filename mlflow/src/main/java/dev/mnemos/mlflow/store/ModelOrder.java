package dev.mnemos.mlflow.store;

import dev.mnemos.mlflow.model.LoggedModel;
import dev.mnemos.mlflow.model.ModelMetric;
import dev.mnemos.mlflow.model.ModelOrderTerm;
import dev.mnemos.server.errors.StoreException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The order of a logged-model search, as MLflow's SQL store sorts: each term with what it lacks
 * last, then newest first unless creation time was named, then by model id unless it was named. A
 * metric term sorts by the model's latest value of it (latest time, then highest step, then the
 * first run by id), only among values on the dataset named when one is.
 */
record ModelOrder(Comparator<LoggedModel> comparator) {

  private static final Map<String, String> ALIASES =
      Map.of(
          "creation_time", "creation_timestamp_ms",
          "creation_timestamp", "creation_timestamp_ms",
          "last_updated_timestamp", "last_updated_timestamp_ms");

  /** The attributes a search may order by, by MLflow's column name. */
  private static final Map<String, Function<LoggedModel, @Nullable Comparable<?>>> ATTRIBUTES =
      Map.ofEntries(
          Map.entry("model_id", LoggedModel::modelId),
          Map.entry("experiment_id", model -> Long.parseLong(model.experimentId())),
          Map.entry("name", LoggedModel::name),
          Map.entry("artifact_location", LoggedModel::artifactUri),
          Map.entry("creation_timestamp_ms", LoggedModel::creationTime),
          Map.entry("last_updated_timestamp_ms", LoggedModel::lastUpdatedTime),
          Map.entry("status", model -> model.status().ordinal()),
          Map.entry("lifecycle_stage", model -> model.lifecycleStage().wireName()),
          Map.entry("model_type", LoggedModel::modelType),
          Map.entry("source_run_id", LoggedModel::sourceRunId),
          Map.entry("status_message", model -> null));

  static ModelOrder of(List<ModelOrderTerm> terms) {
    List<Comparator<LoggedModel>> parts = new ArrayList<>();
    boolean byCreation = false;
    boolean byId = false;
    for (ModelOrderTerm term : terms) {
      String field = term.fieldName();
      Function<LoggedModel, @Nullable Comparable<?>> key;
      if (!field.contains(".")) {
        String column = ALIASES.getOrDefault(field, field);
        key = ATTRIBUTES.get(column);
        if (key == null) {
          throw StoreException.invalidArgument("Invalid order by field name: " + field);
        }
        byCreation |= column.equals("creation_timestamp_ms");
        byId |= column.equals("model_id");
      } else {
        String[] entityAndKey = field.split("\\.", 2);
        if (!entityAndKey[0].equals("metrics")) {
          throw StoreException.invalidArgument(
              "Invalid order by field name: " + field + ". Only metrics are supported.");
        }
        key = model -> latest(model, entityAndKey[1], term);
      }
      parts.add(nullsLast(key, term.ascending()));
    }
    if (!byCreation) {
      parts.add(Comparator.comparingLong(LoggedModel::creationTime).reversed());
    }
    if (!byId) {
      parts.add(Comparator.comparing(LoggedModel::modelId));
    }
    return new ModelOrder(parts.stream().reduce(Comparator::thenComparing).orElseThrow());
  }

  /** The model's latest value of the metric among the values the term's dataset allows. */
  private static @Nullable Double latest(LoggedModel model, String key, ModelOrderTerm term) {
    Comparator<ModelMetric> newest =
        Comparator.<ModelMetric>comparingLong(m -> m.metric().timestamp())
            .thenComparingLong(m -> m.metric().step())
            .reversed()
            .thenComparing(ModelMetric::runId);
    return model.metrics().stream()
        .filter(m -> m.metric().key().equals(key))
        .filter(m -> term.datasetName() == null || term.datasetName().equals(m.datasetName()))
        .filter(m -> term.datasetDigest() == null || term.datasetDigest().equals(m.datasetDigest()))
        .min(newest)
        .map(m -> m.metric().value())
        .orElse(null);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Comparator<LoggedModel> nullsLast(
      Function<LoggedModel, @Nullable Comparable<?>> key, boolean ascending) {
    Comparator<Comparable> values = Comparator.naturalOrder();
    Comparator<Comparable> directed = ascending ? values : values.reversed();
    return Comparator.comparing(
        model -> (Comparable) key.apply(model), Comparator.nullsLast(directed));
  }
}
