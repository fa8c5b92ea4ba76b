package dev.mnemos.mlflow.store;

import dev.mnemos.mlflow.model.LoggedModel;
import dev.mnemos.mlflow.model.ModelDataset;
import dev.mnemos.mlflow.model.ModelMetric;
import dev.mnemos.mlflow.store.SearchFilter.Clause;
import dev.mnemos.mlflow.store.SearchFilter.Entity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The filter of a logged-model search, as MLflow's SQL store reads and applies it: comparisons
 * joined by {@code AND}, each on an attribute ({@code name}, {@code creation_timestamp}, ...), a
 * metric ({@code metrics.acc > 0.9}: some value of it, on one of the datasets named when some are),
 * a param or a tag; metrics and times compare as numbers, the rest as text ({@code =}, {@code !=},
 * {@code LIKE}, {@code ILIKE}, {@code IN}, {@code NOT IN}). Datasets named without a metric
 * comparison keep the models with a value on one of them. Evaluated, never turned into SQL text.
 */
final class ModelFilter {

  private static final Set<String> NUMERIC = Set.of("<", "<=", ">", ">=", "=", "!=");
  private static final Set<String> TEXT = Set.of("=", "!=", "LIKE", "ILIKE", "IN", "NOT IN");

  private static final Map<String, String> ALIASES =
      Map.of(
          "creation_time", "creation_timestamp_ms",
          "creation_timestamp", "creation_timestamp_ms",
          "last_updated_timestamp", "last_updated_timestamp_ms");

  private static final Map<String, Function<LoggedModel, @Nullable Object>> ATTRIBUTES =
      Map.ofEntries(
          Map.entry("model_id", LoggedModel::modelId),
          Map.entry("experiment_id", LoggedModel::experimentId),
          Map.entry("name", LoggedModel::name),
          Map.entry("artifact_location", LoggedModel::artifactUri),
          // MLflow keeps the status as its proto number.
          Map.entry("status", model -> String.valueOf(model.status().ordinal() + 1)),
          Map.entry("lifecycle_stage", model -> model.lifecycleStage().wireName()),
          Map.entry("model_type", LoggedModel::modelType),
          Map.entry("source_run_id", LoggedModel::sourceRunId),
          Map.entry("status_message", model -> null),
          Map.entry("creation_timestamp_ms", LoggedModel::creationTime),
          Map.entry("last_updated_timestamp_ms", LoggedModel::lastUpdatedTime));

  private final List<Clause> clauses;
  private final List<ModelDataset> datasets;

  private ModelFilter(List<Clause> clauses, List<ModelDataset> datasets) {
    this.clauses = clauses;
    this.datasets = datasets;
  }

  /** INVALID_ARGUMENT for what MLflow refuses: an unknown entity, a comparator the key has not. */
  static ModelFilter parse(String filter, List<ModelDataset> datasets) {
    List<Clause> clauses = new ArrayList<>();
    if (!filter.isBlank()) {
      SearchFilter.Lexer lexer = new SearchFilter.Lexer(filter);
      while (true) {
        clauses.add(clause(lexer, filter));
        if (lexer.atEnd()) {
          break;
        }
        if (!lexer.word().equalsIgnoreCase("AND")) {
          throw SearchFilter.invalid(
              "Invalid filter string: '"
                  + filter
                  + "'. Expected a list of comparisons separated by 'AND' (e.g. 'metrics.loss >"
                  + " 0.1 AND params.lr = 0.01').");
        }
      }
    }
    return new ModelFilter(List.copyOf(clauses), List.copyOf(datasets));
  }

  private static Clause clause(SearchFilter.Lexer lexer, String filter) {
    String identifier = SearchFilter.Lexer.unquote(lexer.identifier());
    Entity entity = Entity.ATTRIBUTE;
    String key = ALIASES.getOrDefault(identifier, identifier);
    int dot = identifier.indexOf('.');
    if (dot > 0 && identifier.substring(0, dot).chars().allMatch(Character::isLowerCase)) {
      entity =
          switch (identifier.substring(0, dot)) {
            case "attributes" -> Entity.ATTRIBUTE;
            case "metrics" -> Entity.METRIC;
            case "params" -> Entity.PARAM;
            case "tags" -> Entity.TAG;
            default ->
                throw SearchFilter.invalid(
                    "Invalid entity type: '"
                        + identifier.substring(0, dot)
                        + "'. Expected one of ['attributes', 'metrics', 'params', 'tags'].");
          };
      key = SearchFilter.Lexer.unquote(identifier.substring(dot + 1));
    }
    if (entity == Entity.ATTRIBUTE && !ATTRIBUTES.containsKey(key)) {
      throw SearchFilter.invalid("Invalid attribute key '" + key + "' specified.");
    }
    boolean numeric = entity == Entity.METRIC || key.endsWith("_timestamp_ms");
    String comparator = lexer.comparator();
    Set<String> allowed = numeric ? NUMERIC : TEXT;
    if (!allowed.contains(comparator)) {
      throw SearchFilter.invalid(
          "Invalid comparison operator for "
              + identifier
              + ": '"
              + comparator
              + "'. Expected one of "
              + allowed
              + ".");
    }
    Object value =
        numeric
            ? lexer.number()
            : comparator.endsWith("IN") ? lexer.stringList() : lexer.string(filter);
    return new Clause(entity, key, comparator, value);
  }

  boolean matches(LoggedModel model) {
    for (Clause clause : clauses) {
      if (!matches(model, clause)) {
        return false;
      }
    }
    boolean comparesMetrics = clauses.stream().anyMatch(c -> c.entity() == Entity.METRIC);
    return datasets.isEmpty()
        || comparesMetrics
        || model.metrics().stream().anyMatch(this::onNamedDataset);
  }

  private boolean matches(LoggedModel model, Clause clause) {
    return switch (clause.entity()) {
      case METRIC ->
          model.metrics().stream()
              .filter(metric -> metric.metric().key().equals(clause.key()))
              .filter(metric -> datasets.isEmpty() || onNamedDataset(metric))
              .anyMatch(metric -> compares(metric.metric().value(), clause));
      case PARAM -> compares(model.params().get(clause.key()), clause);
      case TAG -> compares(model.tags().get(clause.key()), clause);
      default ->
          compares(Objects.requireNonNull(ATTRIBUTES.get(clause.key())).apply(model), clause);
    };
  }

  private boolean onNamedDataset(ModelMetric metric) {
    return datasets.stream()
        .anyMatch(
            dataset ->
                dataset.name().equals(metric.datasetName())
                    && Objects.equals(dataset.digest(), metric.datasetDigest()));
  }

  /** A value compared as SQL compares it: nothing matches a missing value. */
  static boolean compares(@Nullable Object actual, Clause clause) {
    if (actual == null) {
      return false;
    }
    Object wanted = clause.value();
    if (wanted instanceof List<?> list) {
      return clause.comparator().equals("IN") == list.contains(actual.toString());
    }
    if (wanted instanceof Double number) {
      return RunSearch.compare(((Number) actual).doubleValue(), number, clause.comparator());
    }
    return RunSearch.text(actual.toString(), String.valueOf(wanted), clause.comparator());
  }
}
