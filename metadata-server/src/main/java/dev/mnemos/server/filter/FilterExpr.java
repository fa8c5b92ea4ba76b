package dev.mnemos.server.filter;

import dev.mnemos.server.errors.Excerpt;
import java.util.List;

/** The syntax tree of a filter_query. Every node knows where it starts, for error messages. */
public sealed interface FilterExpr {

  Position position();

  /** Where a node starts in the query: 1-based line and column, and the token found there. */
  record Position(int line, int column, String token) {
    @Override
    public String toString() {
      return "'" + Excerpt.of(token) + "' at " + line + ":" + column;
    }
  }

  /** A number, string or boolean written in the query. */
  record Literal(Object value, Position position) implements FilterExpr {}

  /** A dotted name: an attribute, {@code properties.<name>.<kind>_value} or {@code alias.attr}. */
  record Reference(List<String> segments, Position position) implements FilterExpr {
    String text() {
      return String.join(".", segments);
    }
  }

  record Negation(FilterExpr operand, Position position) implements FilterExpr {}

  /** {@code + - * /}. */
  record Arithmetic(String operator, FilterExpr left, FilterExpr right, Position position)
      implements FilterExpr {}

  /** {@code = != < <= > >=} ({@code <>} arrives as {@code !=}). */
  record Comparison(String operator, FilterExpr left, FilterExpr right, Position position)
      implements FilterExpr {}

  record Like(FilterExpr value, FilterExpr pattern, boolean negated, Position position)
      implements FilterExpr {}

  record In(FilterExpr value, List<FilterExpr> candidates, boolean negated, Position position)
      implements FilterExpr {}

  record IsNull(FilterExpr value, boolean negated, Position position) implements FilterExpr {}

  record Not(FilterExpr operand, Position position) implements FilterExpr {}

  record And(FilterExpr left, FilterExpr right, Position position) implements FilterExpr {}

  record Or(FilterExpr left, FilterExpr right, Position position) implements FilterExpr {}
}
