package dev.mnemos.mlflow.store;

import dev.mnemos.mlflow.model.MlflowError;
import dev.mnemos.mlflow.model.ModelVersion;
import dev.mnemos.mlflow.model.RegisteredModel;
import dev.mnemos.mlflow.model.TrackingException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code order_by} of registry searches, as MLflow's SQL store sorts: registered models by
 * {@code name}, {@code timestamp} or {@code last_updated_timestamp} (both the last update), then by
 * name; versions by {@code name}, {@code version_number}, {@code creation_timestamp} or {@code
 * last_updated_timestamp}, then by name and by version, newest first (by default: last update,
 * newest first).
 */
final class RegistryOrder {

  static final List<String> DEFAULT_VERSION_ORDER =
      List.of("last_updated_timestamp DESC", "name ASC", "version_number DESC");

  private static final Map<String, Comparator<RegisteredModel>> MODEL_KEYS =
      Map.of(
          "name", Comparator.comparing(RegisteredModel::name),
          "timestamp", Comparator.comparingLong(RegisteredModel::lastUpdatedTime),
          "last_updated_timestamp", Comparator.comparingLong(RegisteredModel::lastUpdatedTime));

  private static final Map<String, Comparator<ModelVersion>> VERSION_KEYS =
      Map.of(
          "name", Comparator.comparing(ModelVersion::name),
          "version_number", Comparator.comparingInt(ModelVersion::version),
          "creation_timestamp", Comparator.comparingLong(ModelVersion::creationTime),
          "last_updated_timestamp", Comparator.comparingLong(ModelVersion::lastUpdatedTime));

  private RegistryOrder() {}

  static Comparator<RegisteredModel> models(List<String> orderBy) {
    Comparator<RegisteredModel> order = (a, b) -> 0;
    Set<String> fields = new HashSet<>();
    for (String term : orderBy) {
      SortTerm parsed = SortTerm.parse(term);
      Comparator<RegisteredModel> key = MODEL_KEYS.get(parsed.key());
      if (key == null) {
        throw SearchFilter.invalid(
            "Invalid order by key '"
                + parsed.key()
                + "' specified. Valid keys are '{'name', 'timestamp'}'");
      }
      // Both time keys sort by the last update, and MLflow counts them as one field.
      unique(fields, parsed.key().equals("name") ? "name" : "last_updated_time", orderBy);
      order = order.thenComparing(parsed.ascending() ? key : key.reversed());
    }
    return fields.contains("name")
        ? order
        : order.thenComparing(Comparator.comparing(RegisteredModel::name));
  }

  static Comparator<ModelVersion> versions(List<String> orderBy) {
    Comparator<ModelVersion> order = (a, b) -> 0;
    Set<String> fields = new HashSet<>();
    for (String term : orderBy.isEmpty() ? DEFAULT_VERSION_ORDER : orderBy) {
      SortTerm parsed = SortTerm.parse(term);
      String key =
          parsed.key().startsWith("attribute.")
              ? parsed.key().substring("attribute.".length())
              : parsed.key();
      Comparator<ModelVersion> compared = VERSION_KEYS.get(key);
      if (compared == null) {
        throw SearchFilter.invalid(
            "Invalid order by key '"
                + key
                + "' specified. Valid keys are "
                + VERSION_KEYS.keySet());
      }
      unique(fields, key, orderBy);
      order = order.thenComparing(parsed.ascending() ? compared : compared.reversed());
    }
    if (!fields.contains("name")) {
      order = order.thenComparing(Comparator.comparing(ModelVersion::name));
    }
    return fields.contains("version_number")
        ? order
        : order.thenComparing(Comparator.comparingInt(ModelVersion::version).reversed());
  }

  private static void unique(Set<String> fields, String field, List<String> orderBy) {
    if (!fields.add(field)) {
      // MLflow raises this without a code, which its server answers as an internal error.
      throw new TrackingException(
          MlflowError.INTERNAL_ERROR, "`order_by` contains duplicate fields: " + orderBy);
    }
  }
}
