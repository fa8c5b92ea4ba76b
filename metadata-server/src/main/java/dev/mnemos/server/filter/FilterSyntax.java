package dev.mnemos.server.filter;

import dev.mnemos.server.errors.Excerpt;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.filter.FilterExpr.Position;
import dev.mnemos.server.filter.grammar.FilterQueryBaseVisitor;
import dev.mnemos.server.filter.grammar.FilterQueryLexer;
import dev.mnemos.server.filter.grammar.FilterQueryParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Parses filter_query text into a {@link FilterExpr}; any syntax error is INVALID_ARGUMENT, and so
 * is a query longer than {@value #MAX_CHARS} characters or nested deeper than {@value #MAX_DEPTH}
 * levels: limits of ours, checked before the database sees the query (SQLite refuses an expression
 * tree deeper than 1000, and the parser recurses once per level).
 */
public final class FilterSyntax {

  public static final int MAX_CHARS = 65_536;
  public static final int MAX_DEPTH = 200;

  private FilterSyntax() {}

  public static FilterExpr parse(String query) {
    if (query.isBlank()) {
      throw invalid("Syntax error: the query is empty");
    }
    if (query.length() > MAX_CHARS) {
      throw invalid(
          "the query is "
              + query.length()
              + " characters long; at most "
              + MAX_CHARS
              + " are read");
    }
    FilterExpr expr;
    try {
      expr = parseTree(query);
    } catch (StackOverflowError e) {
      throw invalid(tooDeep());
    }
    if (depth(expr) > MAX_DEPTH) {
      throw invalid(tooDeep());
    }
    return expr;
  }

  private static String tooDeep() {
    return "the query nests deeper than "
        + MAX_DEPTH
        + " levels (NOT, parentheses, AND/OR chains); use IN for long lists of alternatives";
  }

  /**
   * How deep the tokens nest: open parentheses plus the run of prefix operators (NOT, minus) at
   * each point.
   */
  private static int nesting(List<Token> tokens) {
    int parentheses = 0;
    int prefixes = 0;
    int deepest = 0;
    for (Token token : tokens) {
      switch (token.getType()) {
        case FilterQueryLexer.LPAREN -> {
          parentheses++;
          prefixes = 0;
        }
        case FilterQueryLexer.RPAREN -> {
          parentheses--;
          prefixes = 0;
        }
        case FilterQueryLexer.NOT, FilterQueryLexer.MINUS -> prefixes++;
        default -> prefixes = 0;
      }
      deepest = Math.max(deepest, parentheses + prefixes);
    }
    return deepest;
  }

  /** The depth of the expression tree, counted without recursion. */
  private static int depth(FilterExpr root) {
    int deepest = 0;
    ArrayDeque<Map.Entry<FilterExpr, Integer>> pending = new ArrayDeque<>();
    pending.push(Map.entry(root, 1));
    while (!pending.isEmpty()) {
      var next = pending.pop();
      int level = next.getValue();
      deepest = Math.max(deepest, level);
      if (deepest > MAX_DEPTH) {
        return deepest;
      }
      for (FilterExpr child : children(next.getKey())) {
        pending.push(Map.entry(child, level + 1));
      }
    }
    return deepest;
  }

  private static List<FilterExpr> children(FilterExpr expr) {
    return switch (expr) {
      case FilterExpr.Literal l -> List.of();
      case FilterExpr.Reference r -> List.of();
      case FilterExpr.Negation n -> List.of(n.operand());
      case FilterExpr.Not n -> List.of(n.operand());
      case FilterExpr.Arithmetic a -> List.of(a.left(), a.right());
      case FilterExpr.Comparison c -> List.of(c.left(), c.right());
      case FilterExpr.Like l -> List.of(l.value(), l.pattern());
      case FilterExpr.In in -> {
        List<FilterExpr> all = new ArrayList<>(in.candidates());
        all.add(in.value());
        yield all;
      }
      case FilterExpr.IsNull n -> List.of(n.value());
      case FilterExpr.And a -> List.of(a.left(), a.right());
      case FilterExpr.Or o -> List.of(o.left(), o.right());
    };
  }

  private static FilterExpr parseTree(String query) {
    FilterQueryLexer lexer = new FilterQueryLexer(CharStreams.fromString(query));
    BaseErrorListener failFast =
        new BaseErrorListener() {
          @Override
          public void syntaxError(
              Recognizer<?, ?> recognizer,
              Object offendingSymbol,
              int line,
              int column,
              String message,
              RecognitionException e) {
            String token =
                offendingSymbol instanceof Token t
                    ? (t.getType() == Token.EOF
                        ? "end of query"
                        : "'" + Excerpt.of(t.getText()) + "'")
                    : "'"
                        + query.substring(
                            Math.min(column, query.length()), Math.min(column + 1, query.length()))
                        + "'";
            throw invalid(
                "Syntax error: unexpected "
                    + token
                    + " at "
                    + line
                    + ":"
                    + (column + 1)
                    + " ("
                    + message
                    + ")");
          }
        };
    lexer.removeErrorListeners();
    lexer.addErrorListener(failFast);
    CommonTokenStream tokens = new CommonTokenStream(lexer);
    tokens.fill();
    for (Token token : tokens.getTokens()) {
      if (token.getType() == FilterQueryLexer.UNEXPECTED
          && (token.getText().equals("'") || token.getText().equals("\""))) {
        throw invalid(
            "Syntax error: Unclosed string literal at "
                + token.getLine()
                + ":"
                + (token.getCharPositionInLine() + 1));
      }
    }
    // Before the parser, which recurses once per level: whether its stack holds out would depend
    // on how far the JIT has compiled it. Parentheses leave no node in the tree, so they are
    // counted here.
    if (nesting(tokens.getTokens()) > MAX_DEPTH) {
      throw invalid(tooDeep());
    }
    FilterQueryParser parser = new FilterQueryParser(tokens);
    parser.removeErrorListeners();
    parser.addErrorListener(failFast);
    FilterQueryParser.QueryContext tree = parser.query();
    return new AstBuilder().visit(tree.expr());
  }

  static StoreException invalid(String detail) {
    return StoreException.invalidArgument("Invalid `filter_query`: " + detail);
  }

  private static final class AstBuilder extends FilterQueryBaseVisitor<FilterExpr> {

    private static Position at(ParserRuleContext context) {
      Token start = context.getStart();
      return new Position(start.getLine(), start.getCharPositionInLine() + 1, start.getText());
    }

    private static Position at(Token token) {
      return new Position(token.getLine(), token.getCharPositionInLine() + 1, token.getText());
    }

    @Override
    public FilterExpr visitParenthesized(FilterQueryParser.ParenthesizedContext c) {
      return visit(c.expr());
    }

    @Override
    public FilterExpr visitNegated(FilterQueryParser.NegatedContext c) {
      return new FilterExpr.Negation(visit(c.expr()), at(c));
    }

    @Override
    public FilterExpr visitMultiplicative(FilterQueryParser.MultiplicativeContext c) {
      return new FilterExpr.Arithmetic(
          c.op.getText(), visit(c.expr(0)), visit(c.expr(1)), at(c.op));
    }

    @Override
    public FilterExpr visitAdditive(FilterQueryParser.AdditiveContext c) {
      return new FilterExpr.Arithmetic(
          c.op.getText(), visit(c.expr(0)), visit(c.expr(1)), at(c.op));
    }

    @Override
    public FilterExpr visitComparison(FilterQueryParser.ComparisonContext c) {
      String operator = c.op.getText().equals("<>") ? "!=" : c.op.getText();
      return new FilterExpr.Comparison(operator, visit(c.expr(0)), visit(c.expr(1)), at(c.op));
    }

    @Override
    public FilterExpr visitLike(FilterQueryParser.LikeContext c) {
      return new FilterExpr.Like(
          visit(c.expr(0)), visit(c.expr(1)), c.NOT() != null, at(c.LIKE().getSymbol()));
    }

    @Override
    public FilterExpr visitIn(FilterQueryParser.InContext c) {
      List<FilterExpr> candidates =
          c.expr().subList(1, c.expr().size()).stream().map(this::visit).toList();
      return new FilterExpr.In(
          visit(c.expr(0)), candidates, c.NOT() != null, at(c.IN().getSymbol()));
    }

    @Override
    public FilterExpr visitIsNull(FilterQueryParser.IsNullContext c) {
      return new FilterExpr.IsNull(visit(c.expr()), c.NOT() != null, at(c.IS().getSymbol()));
    }

    @Override
    public FilterExpr visitNot(FilterQueryParser.NotContext c) {
      return new FilterExpr.Not(visit(c.expr()), at(c));
    }

    @Override
    public FilterExpr visitAnd(FilterQueryParser.AndContext c) {
      return new FilterExpr.And(visit(c.expr(0)), visit(c.expr(1)), at(c.AND().getSymbol()));
    }

    @Override
    public FilterExpr visitOr(FilterQueryParser.OrContext c) {
      return new FilterExpr.Or(visit(c.expr(0)), visit(c.expr(1)), at(c.OR().getSymbol()));
    }

    @Override
    public FilterExpr visitLiteralExpr(FilterQueryParser.LiteralExprContext c) {
      return visit(c.literal());
    }

    @Override
    public FilterExpr visitIntegerLiteral(FilterQueryParser.IntegerLiteralContext c) {
      return new FilterExpr.Literal(NumberLiterals.integer(c.getText(), at(c)), at(c));
    }

    @Override
    public FilterExpr visitFloatLiteral(FilterQueryParser.FloatLiteralContext c) {
      return new FilterExpr.Literal(Double.parseDouble(c.getText()), at(c));
    }

    @Override
    public FilterExpr visitStringLiteral(FilterQueryParser.StringLiteralContext c) {
      return new FilterExpr.Literal(StringLiterals.value(c.STRING().getSymbol()), at(c));
    }

    @Override
    public FilterExpr visitRawStringLiteral(FilterQueryParser.RawStringLiteralContext c) {
      return new FilterExpr.Literal(StringLiterals.value(c.RAW_STRING().getSymbol()), at(c));
    }

    @Override
    public FilterExpr visitBytesLiteral(FilterQueryParser.BytesLiteralContext c) {
      throw invalid(
          "No matching signature: "
              + at(c)
              + " is a BYTES literal, and no attribute or property of MLMD is BYTES;"
              + " write a string literal");
    }

    @Override
    public FilterExpr visitBooleanLiteral(FilterQueryParser.BooleanLiteralContext c) {
      return new FilterExpr.Literal(c.TRUE() != null, at(c));
    }

    @Override
    public FilterExpr visitReferenceExpr(FilterQueryParser.ReferenceExprContext c) {
      List<String> segments =
          c.reference().segment().stream()
              .map(
                  segment -> segment.BACKQUOTED() != null ? quotedName(segment) : segment.getText())
              .toList();
      return new FilterExpr.Reference(segments, at(c));
    }

    /**
     * A name in backquotes, taken as written: the library cannot rewrite a name with a backslash in
     * it (whatever ZetaSQL made of the escape), so neither is it accepted here.
     */
    private static String quotedName(FilterQueryParser.SegmentContext segment) {
      String name = segment.getText().substring(1, segment.getText().length() - 1);
      if (name.indexOf('\\') >= 0) {
        throw invalid(
            "escapes are not supported in quoted property names: " + at(segment.getStart()));
      }
      return name;
    }
  }
}
