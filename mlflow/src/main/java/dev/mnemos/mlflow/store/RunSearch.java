package dev.mnemos.mlflow.store;

import dev.mnemos.mlflow.store.SearchFilter.Clause;
import dev.mnemos.mlflow.store.SearchFilter.Entity;
import dev.mnemos.mlflow.store.SearchFilter.Key;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * MLflow's search semantics over the values of runs {@link RunColumns} read: which match a filter
 * (metrics compare as MLflow's SQL store keeps them: NaN as 0, the infinities as the largest
 * doubles), in which order (each requested key with missing values last whatever the direction, and
 * for metrics NaN just before them; then the newest start unless the start was asked for; then the
 * run id).
 */
final class RunSearch {

  private RunSearch() {}

  /** The keys whose values {@code filter} and {@code order} compare, to read for each run. */
  static Set<Key> keys(SearchFilter filter, List<OrderTerm> order) {
    Set<Key> keys = new LinkedHashSet<>();
    filter.clauses().forEach(clause -> keys.add(filtered(clause)));
    order.forEach(term -> keys.add(new Key(term.entity(), term.key())));
    return keys;
  }

  /**
   * The key a clause compares. MLflow filters run_name on the mlflow.runName tag, not on the name
   * it answers (its name column is empty for runs of MLflow 1.29 and older): a run whose tag was
   * deleted matches none.
   */
  private static Key filtered(Clause clause) {
    return clause.entity() == Entity.ATTRIBUTE && clause.key().equals("run_name")
        ? new Key(Entity.TAG, Runs.RUN_NAME_TAG)
        : new Key(clause.entity(), clause.key());
  }

  static boolean matches(SearchRow run, SearchFilter filter) {
    for (Clause clause : filter.clauses()) {
      if (!matches(run, clause)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(SearchRow run, Clause clause) {
    Key key = filtered(clause);
    @Nullable Object actual = run.value(key.entity(), key.key());
    String comparator = clause.comparator();
    if (comparator.equals("IS NULL")) {
      return actual == null;
    }
    if (comparator.equals("IS NOT NULL")) {
      return actual != null;
    }
    if (actual == null) {
      return false;
    }
    if (actual instanceof List<?> values) {
      // A dataset key: the run matches when one of its datasets does.
      return values.stream().anyMatch(value -> compares(value, clause));
    }
    return compares(actual, clause);
  }

  /** Whether one value satisfies the clause. */
  private static boolean compares(Object actual, Clause clause) {
    String comparator = clause.comparator();
    Object wanted = clause.value();
    if (wanted instanceof List<?> list) {
      return comparator.equals("IN") == list.contains(actual.toString());
    }
    if (wanted instanceof Double number) {
      return compare(stored(((Number) actual).doubleValue()), number, comparator);
    }
    return text(actual.toString(), String.valueOf(wanted), comparator);
  }

  /** A metric value as MLflow's SQL store compares it. */
  private static double stored(double value) {
    if (Double.isNaN(value)) {
      return 0;
    }
    return Double.isInfinite(value) ? (value > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE) : value;
  }

  static boolean compare(double value, double wanted, String comparator) {
    int order = Double.compare(value, wanted);
    return switch (comparator) {
      case "=" -> value == wanted;
      case "!=" -> value != wanted;
      case ">" -> order > 0;
      case ">=" -> order >= 0;
      case "<" -> order < 0;
      default -> order <= 0;
    };
  }

  static boolean text(String text, String pattern, String comparator) {
    return switch (comparator) {
      case "=" -> text.equals(pattern);
      case "!=" -> !text.equals(pattern);
      case "LIKE" -> like(pattern, false).matcher(text).matches();
      case "ILIKE" -> like(pattern, true).matcher(text).matches();
      default -> throw SearchFilter.invalid("Invalid comparator '" + comparator + "'");
    };
  }

  /** A SQL LIKE pattern as a regular expression: % any run, _ one character. */
  static Pattern like(String pattern, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      switch (c) {
        case '%' -> regex.append(".*");
        case '_' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(
        regex.toString(),
        Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
  }

  /** One {@code order_by} term: {@code metrics.loss DESC}, {@code attributes.start_time}. */
  record OrderTerm(Entity entity, String key, boolean ascending) {

    static OrderTerm parse(String text) {
      String[] words = text.strip().split("\\s+");
      if (words.length > 2 || words[0].isEmpty()) {
        throw SearchFilter.invalid("Invalid order_by clause '" + text + "'. Could not be parsed.");
      }
      boolean ascending = true;
      if (words.length == 2) {
        String direction = words[1].toLowerCase(Locale.ROOT);
        if (!direction.equals("asc") && !direction.equals("desc")) {
          throw SearchFilter.invalid("Invalid ordering key in order_by clause '" + text + "'.");
        }
        ascending = direction.equals("asc");
      }
      String name = words[0].replace('`', '"');
      SearchFilter.Key key = SearchFilter.key(name.replace("\"", ""), false, SearchFilter.RUNS);
      if (key.entity() == Entity.DATASET) {
        throw SearchFilter.invalid("Invalid order_by entity type 'dataset'");
      }
      return new OrderTerm(key.entity(), key.key(), ascending);
    }
  }

  /** Parses the terms, refusing one that names the same field twice (as MLflow does). */
  static List<OrderTerm> order(List<String> orderBy) {
    List<OrderTerm> terms = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String text : orderBy) {
      OrderTerm term = OrderTerm.parse(text);
      if (!seen.add(term.entity() + "\n" + term.key())) {
        throw new StoreException(
            ErrorCode.INTERNAL, "`order_by` contains duplicate fields: " + orderBy);
      }
      terms.add(term);
    }
    return terms;
  }

  static List<SearchRow> sorted(List<SearchRow> runs, List<OrderTerm> order) {
    Comparator<SearchRow> comparator = (a, b) -> 0;
    boolean byStart = false;
    for (OrderTerm term : order) {
      comparator = comparator.thenComparing((a, b) -> compare(a, b, term));
      byStart |= term.entity() == Entity.ATTRIBUTE && term.key().equals("start_time");
    }
    if (!byStart) {
      comparator = comparator.thenComparing(SearchRow::startTime, Comparator.reverseOrder());
    }
    comparator = comparator.thenComparing(SearchRow::runId);
    List<SearchRow> sorted = new ArrayList<>(runs);
    sorted.sort(comparator);
    return sorted;
  }

  private static int compare(SearchRow a, SearchRow b, OrderTerm term) {
    @Nullable Object left = a.value(term.entity(), term.key());
    @Nullable Object right = b.value(term.entity(), term.key());
    int rank = Integer.compare(rank(left), rank(right));
    if (rank != 0 || left == null || right == null) {
      return rank;
    }
    int order =
        left instanceof Number l && right instanceof Number r
            ? Double.compare(stored(l.doubleValue()), stored(r.doubleValue()))
            : left.toString().compareTo(right.toString());
    return term.ascending() ? order : -order;
  }

  /** Values first, then NaN, then missing values, whatever the direction (MLflow's SQL order). */
  private static int rank(@Nullable Object value) {
    if (value == null) {
      return 2;
    }
    return value instanceof Double number && Double.isNaN(number) ? 1 : 0;
  }
}
