package dev.mnemos.mlflow.store;

import dev.mnemos.mlflow.model.Experiment;
import dev.mnemos.mlflow.store.SearchFilter.Clause;
import dev.mnemos.mlflow.store.SearchFilter.Entity;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** MLflow's filter and order of experiment searches. */
final class ExperimentOrder {

  private ExperimentOrder() {}

  static boolean matches(Experiment experiment, SearchFilter filter) {
    for (Clause clause : filter.clauses()) {
      if (!matches(experiment, clause)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(Experiment experiment, Clause clause) {
    @Nullable Object actual =
        clause.entity() == Entity.TAG
            ? experiment.tags().get(clause.key())
            : attribute(experiment, clause.key());
    String comparator = clause.comparator();
    if (comparator.equals("IS NULL") || comparator.equals("IS NOT NULL")) {
      if (clause.entity() != Entity.TAG) {
        throw SearchFilter.invalid(
            "IS NULL / IS NOT NULL is only supported for tags, not for attribute '"
                + clause.key()
                + "'");
      }
      return comparator.equals("IS NULL") == (actual == null);
    }
    if (actual == null) {
      return false;
    }
    if (clause.key().equals("experiment_id") && clause.entity() == Entity.ATTRIBUTE) {
      if (!List.of("=", "!=", "IN", "NOT IN").contains(comparator)) {
        throw SearchFilter.invalid("Invalid comparator for experiment_id: " + comparator);
      }
      List<?> wanted =
          clause.value() instanceof List<?> list ? list : List.of(String.valueOf(clause.value()));
      boolean found = false;
      for (Object id : wanted) {
        found |= ExperimentIds.contextId(id.toString()) == Long.parseLong(actual.toString());
      }
      return comparator.equals("=") || comparator.equals("IN") ? found : !found;
    }
    if (actual instanceof Long number) {
      double wanted = (Double) java.util.Objects.requireNonNull(clause.value());
      if (wanted != Math.rint(wanted)) {
        throw SearchFilter.invalid(
            "Invalid value for numeric attribute '" + clause.key() + "': '" + wanted + "'");
      }
      return RunSearch.compare(number, wanted, comparator);
    }
    return RunSearch.text(actual.toString(), String.valueOf(clause.value()), comparator);
  }

  private static Object attribute(Experiment experiment, String key) {
    return switch (key) {
      case "name" -> experiment.name();
      case "creation_time" -> experiment.creationTime();
      case "last_update_time" -> experiment.lastUpdateTime();
      default -> experiment.id();
    };
  }

  static Comparator<Experiment> of(List<String> orderBy) {
    List<String> terms =
        orderBy.isEmpty() ? List.of("creation_time DESC", "experiment_id ASC") : orderBy;
    Comparator<Experiment> order = (a, b) -> 0;
    boolean byId = false;
    for (String term : terms) {
      SortTerm parsed = SortTerm.parse(term);
      boolean ascending = parsed.ascending();
      SearchFilter.Key key =
          SearchFilter.key(parsed.key().replace("`", ""), false, SearchFilter.EXPERIMENTS);
      if (key.entity() != Entity.ATTRIBUTE) {
        throw SearchFilter.invalid("Invalid order_by entity: " + key.entity());
      }
      Comparator<Experiment> one =
          switch (key.key()) {
            case "name" -> Comparator.comparing(Experiment::name);
            case "creation_time" -> Comparator.comparingLong(Experiment::creationTime);
            case "last_update_time" -> Comparator.comparingLong(Experiment::lastUpdateTime);
            default -> Comparator.comparingLong(ExperimentOrder::id);
          };
      byId |= key.key().equals("experiment_id");
      order = order.thenComparing(ascending ? one : one.reversed());
    }
    if (!byId) {
      order = order.thenComparing(Comparator.comparingLong(ExperimentOrder::id).reversed());
    }
    return order;
  }

  private static long id(Experiment experiment) {
    return Long.parseLong(experiment.id());
  }
}
