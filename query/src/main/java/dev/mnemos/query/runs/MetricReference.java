package dev.mnemos.query.runs;

import static dev.mnemos.migrations.summary.jooq.Tables.MNEMOS_METRIC;

import dev.mnemos.server.errors.Excerpt;
import dev.mnemos.server.errors.StoreException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * How a query names a metric: by its name alone ({@code loss}) or by step and name ({@code
 * evaluate.loss}). The name alone is enough while no run holds values of it from two steps; where
 * one does, the query must say which step, or it would silently mix a training loss with an
 * evaluation loss. Every comparison is a bound parameter.
 */
final class MetricReference {

  private final String text;

  MetricReference(String text) {
    if (text.isBlank()) {
      throw StoreException.invalidArgument("metric must name a metric");
    }
    this.text = text;
  }

  /**
   * The metric rows this reference names: those whose name is the text, and those whose step and
   * name, joined by a dot, are.
   */
  Condition rows() {
    List<Condition> matches = new ArrayList<>();
    matches.add(MNEMOS_METRIC.NAME.eq(text));
    for (int dot = text.indexOf('.'); dot > 0; dot = text.indexOf('.', dot + 1)) {
      if (dot < text.length() - 1) {
        matches.add(
            MNEMOS_METRIC
                .STEP
                .eq(text.substring(0, dot))
                .and(MNEMOS_METRIC.NAME.eq(text.substring(dot + 1))));
      }
    }
    return DSL.or(matches);
  }

  /**
   * The keys this reference names among the rows {@code within} selects.
   *
   * @throws StoreException INVALID_ARGUMENT as {@link #requireUnambiguous}
   */
  Set<MetricKey> resolve(DSLContext sql, Condition within) {
    requireUnambiguous(sql, within);
    Set<MetricKey> keys = new TreeSet<>(Comparator.comparing(MetricKey::qualified));
    sql.selectDistinct(MNEMOS_METRIC.STEP, MNEMOS_METRIC.NAME)
        .from(MNEMOS_METRIC)
        .where(rows())
        .and(within)
        .limit(100)
        .forEach(row -> keys.add(new MetricKey(row.value1(), row.value2())));
    return keys;
  }

  /**
   * Checks that no run among the rows {@code within} selects holds values of two metrics this
   * reference names.
   *
   * @throws StoreException INVALID_ARGUMENT when one does, naming the keys that would tell them
   *     apart
   */
  void requireUnambiguous(DSLContext sql, Condition within) {
    var ambiguous =
        sql.select(MNEMOS_METRIC.RUN_ID)
            .from(MNEMOS_METRIC)
            .where(rows())
            .and(within)
            .groupBy(MNEMOS_METRIC.RUN_ID)
            // Two rows hold different keys exactly when their steps or their names differ.
            .having(
                DSL.min(MNEMOS_METRIC.STEP)
                    .ne(DSL.max(MNEMOS_METRIC.STEP))
                    .or(DSL.min(MNEMOS_METRIC.NAME).ne(DSL.max(MNEMOS_METRIC.NAME))))
            .limit(1)
            .fetchOptional(MNEMOS_METRIC.RUN_ID);
    if (ambiguous.isPresent()) {
      Set<String> keys = new TreeSet<>();
      sql.selectDistinct(MNEMOS_METRIC.STEP, MNEMOS_METRIC.NAME)
          .from(MNEMOS_METRIC)
          .where(rows())
          .and(within)
          .and(MNEMOS_METRIC.RUN_ID.eq(ambiguous.get()))
          .forEach(row -> keys.add(new MetricKey(row.value1(), row.value2()).qualified()));
      throw StoreException.invalidArgument(
          "metric '"
              + Excerpt.of(text)
              + "' is recorded by several steps of run "
              + ambiguous.get()
              + ": say which, as "
              + String.join(" or ", keys));
    }
  }

  String text() {
    return text;
  }
}
