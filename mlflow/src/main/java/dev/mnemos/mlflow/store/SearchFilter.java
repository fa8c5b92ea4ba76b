package dev.mnemos.mlflow.store;

import dev.mnemos.server.errors.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * MLflow's search filter: clauses joined by {@code AND}, each {@code entity.key comparator value}
 * ({@code metrics.loss < 0.5}, {@code params.lr = '0.1'}, {@code tags."a b" LIKE 'x%'}, {@code
 * attributes.status IN ('FINISHED', 'FAILED')}); a key without an entity is an attribute. Parsed
 * into clauses that are evaluated, never into SQL text.
 */
record SearchFilter(List<Clause> clauses) {

  enum Entity {
    METRIC,
    PARAM,
    TAG,
    ATTRIBUTE,
    /** A dataset a run read: its name, digest or context. */
    DATASET
  }

  /**
   * One comparison; {@code value} is a Double, a String, a List of Strings, or null for {@code IS
   * NULL} and {@code IS NOT NULL}.
   */
  record Clause(Entity entity, String key, String comparator, @Nullable Object value) {}

  /**
   * What a search accepts: its entities, attribute names (with their aliases), which of them are
   * numbers, and which compare with lists.
   */
  record Grammar(
      Set<Entity> entities,
      Set<String> attributes,
      Set<String> numericAttributes,
      Set<String> listAttributes) {}

  static final Grammar RUNS =
      new Grammar(
          Set.of(Entity.values()),
          Set.of(
              "artifact_uri",
              "end_time",
              "run_id",
              "run_name",
              "start_time",
              "status",
              "user_id",
              "created",
              "Created",
              "run name",
              "Run name",
              "Run Name"),
          Set.of("start_time", "end_time"),
          Set.of("run_id"));

  static final Grammar EXPERIMENTS =
      new Grammar(
          Set.of(Entity.ATTRIBUTE, Entity.TAG),
          Set.of("name", "experiment_id", "creation_time", "last_update_time"),
          Set.of("creation_time", "last_update_time"),
          Set.of("experiment_id"));

  static final Set<String> NUMERIC_COMPARATORS = Set.of("=", "!=", ">", ">=", "<", "<=");
  static final Set<String> TEXT_COMPARATORS =
      Set.of("=", "!=", "LIKE", "ILIKE", "IS NULL", "IS NOT NULL");
  static final Set<String> ATTRIBUTE_COMPARATORS =
      Set.of("=", "!=", "LIKE", "ILIKE", "IN", "NOT IN");

  static final Set<String> DATASET_KEYS = Set.of("name", "digest", "context");

  static SearchFilter parse(String filter, Grammar grammar) {
    List<Clause> clauses = new ArrayList<>();
    if (filter.isBlank()) {
      return new SearchFilter(clauses);
    }
    Lexer lexer = new Lexer(filter);
    while (true) {
      clauses.add(clause(lexer, filter, grammar));
      if (lexer.atEnd()) {
        return new SearchFilter(clauses);
      }
      String and = lexer.word();
      if (!and.equalsIgnoreCase("AND")) {
        throw invalid("Invalid clause(s) in filter string: '" + filter + "'. Expected 'AND'.");
      }
    }
  }

  /** An entity and its key, as a filter or an {@code order_by} term names them. */
  record Key(Entity entity, String key) {}

  /** Reads {@code metrics.loss}, {@code tags.`a b`} or {@code status} as {@code grammar} allows. */
  static Key key(String identifier, boolean quoted, Grammar grammar) {
    Entity entity = Entity.ATTRIBUTE;
    String key = identifier;
    int dot = identifier.indexOf('.');
    if (dot > 0 && !quoted) {
      entity = entity(identifier.substring(0, dot));
      if (!grammar.entities().contains(entity)) {
        throw invalid("Invalid entity type '" + identifier.substring(0, dot) + "'");
      }
      key = Lexer.unquote(identifier.substring(dot + 1));
    }
    if (key.length() >= 2
        && (key.startsWith("'") && key.endsWith("'")
            || key.startsWith("\"") && key.endsWith("\""))) {
      key = key.substring(1, key.length() - 1);
    }
    if (entity == Entity.ATTRIBUTE && !grammar.attributes().contains(key)) {
      throw invalid(
          "Invalid attribute key '"
              + key
              + "' specified. Valid keys are '"
              + grammar.attributes()
              + "'");
    }
    if (entity == Entity.DATASET && !DATASET_KEYS.contains(key)) {
      throw invalid(
          "Invalid dataset key '" + key + "' specified. Valid keys are '" + DATASET_KEYS + "'");
    }
    return new Key(entity, alias(entity, key));
  }

  private static Clause clause(Lexer lexer, String filter, Grammar grammar) {
    String identifier = lexer.identifier();
    Key named = key(identifier, lexer.lastWasQuoted(), grammar);
    Entity entity = named.entity();
    String key = named.key();
    String comparator = lexer.comparator();
    boolean numeric =
        entity == Entity.METRIC
            || entity == Entity.ATTRIBUTE && grammar.numericAttributes().contains(key);
    Set<String> allowed =
        numeric
            ? NUMERIC_COMPARATORS
            : entity == Entity.PARAM || entity == Entity.TAG
                ? TEXT_COMPARATORS
                : ATTRIBUTE_COMPARATORS;
    if (!allowed.contains(comparator)) {
      throw invalid("Invalid comparator '" + comparator + "' not one of '" + allowed + "'");
    }
    Object value;
    if (comparator.startsWith("IS ")) {
      value = null;
    } else if (comparator.endsWith("IN")) {
      if (entity == Entity.ATTRIBUTE && !grammar.listAttributes().contains(key)) {
        throw invalid(
            "Only "
                + grammar.listAttributes()
                + " attributes support comparison with a list of quoted string values.");
      }
      value = lexer.stringList();
    } else if (numeric) {
      value = lexer.number();
    } else {
      value = lexer.string(filter);
    }
    return new Clause(entity, key, comparator, value);
  }

  private static Entity entity(String prefix) {
    String name = Lexer.unquote(prefix);
    return switch (name) {
      case "metric", "metrics" -> Entity.METRIC;
      case "param", "params", "parameter", "parameters" -> Entity.PARAM;
      case "tag", "tags" -> Entity.TAG;
      case "attribute", "attributes", "attr", "run" -> Entity.ATTRIBUTE;
      case "dataset", "datasets" -> Entity.DATASET;
      default ->
          throw invalid(
              "Invalid entity type '"
                  + name
                  + "'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']");
    };
  }

  /** MLflow's other names of run attributes: created is start_time, "run name" run_name. */
  private static String alias(Entity entity, String key) {
    if (entity != Entity.ATTRIBUTE) {
      return key;
    }
    return switch (key) {
      case "created", "Created" -> "start_time";
      case "run name", "Run name", "Run Name" -> "run_name";
      default -> key;
    };
  }

  static StoreException invalid(String message) {
    return StoreException.invalidArgument(message);
  }

  private static final Pattern NUMBER =
      Pattern.compile("-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

  /** The filter's words, identifiers, quoted strings, numbers and comparators. */
  static final class Lexer {
    private final String text;
    private int at;
    private boolean lastQuoted;

    Lexer(String text) {
      this.text = text;
    }

    boolean atEnd() {
      skipSpace();
      return at >= text.length();
    }

    /** Whether a quoted string comes next. */
    boolean atQuote() {
      skipSpace();
      return at < text.length() && (text.charAt(at) == '\'' || text.charAt(at) == '"');
    }

    boolean lastWasQuoted() {
      return lastQuoted;
    }

    private void skipSpace() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }

    String word() {
      skipSpace();
      int start = at;
      while (at < text.length() && !Character.isWhitespace(text.charAt(at))) {
        at++;
      }
      return text.substring(start, at);
    }

    /** {@code entity.key}, where the key (or all of it) may be quoted with ` or ". */
    String identifier() {
      skipSpace();
      lastQuoted = false;
      if (at < text.length() && (text.charAt(at) == '`' || text.charAt(at) == '"')) {
        lastQuoted = true;
        return quoted(text.charAt(at));
      }
      int start = at;
      while (at < text.length()) {
        char c = text.charAt(at);
        if (c == '.'
            && at + 1 < text.length()
            && (text.charAt(at + 1) == '`' || text.charAt(at + 1) == '"')) {
          at++;
          String prefix = text.substring(start, at);
          return prefix + "`" + quoted(text.charAt(at)) + "`";
        }
        if (Character.isWhitespace(c) || "=!<>".indexOf(c) >= 0) {
          break;
        }
        at++;
      }
      if (start == at) {
        throw invalid("Invalid filter string: '" + text + "'. Expected an identifier.");
      }
      return text.substring(start, at);
    }

    static String unquote(String key) {
      return key.length() >= 2 && key.startsWith("`") && key.endsWith("`")
          ? key.substring(1, key.length() - 1)
          : key;
    }

    private String quoted(char quote) {
      int start = ++at;
      int end = text.indexOf(quote, start);
      if (end < 0) {
        throw invalid("Invalid filter string: '" + text + "'. Unterminated quote.");
      }
      at = end + 1;
      return text.substring(start, end);
    }

    String comparator() {
      skipSpace();
      for (String symbol : List.of("!=", ">=", "<=", "=", ">", "<")) {
        if (text.startsWith(symbol, at)) {
          at += symbol.length();
          if (at < text.length() && "=!<>".indexOf(text.charAt(at)) >= 0) {
            int start = at - symbol.length();
            while (at < text.length() && "=!<>".indexOf(text.charAt(at)) >= 0) {
              at++;
            }
            throw invalid(
                "Invalid comparator '"
                    + text.substring(start, at)
                    + "' not one of '{'<', '=', '!=', '>', '>=', '<='}'");
          }
          return symbol;
        }
      }
      String word = word().toUpperCase(Locale.ROOT);
      if (word.equals("IS")) {
        String next = word().toUpperCase(Locale.ROOT);
        if (next.equals("NULL")) {
          return "IS NULL";
        }
        if (next.equals("NOT") && word().equalsIgnoreCase("NULL")) {
          return "IS NOT NULL";
        }
        throw invalid("Invalid comparator 'IS " + next + "'");
      }
      if (word.equals("NOT")) {
        String next = word().toUpperCase(Locale.ROOT);
        if (next.equals("IN")) {
          return "NOT IN";
        }
        if (next.equals("LIKE") || next.equals("ILIKE")) {
          throw invalid("Invalid comparator 'NOT " + next + "'");
        }
      }
      if (word.equals("LIKE") || word.equals("ILIKE") || word.equals("IN")) {
        return word;
      }
      throw invalid("Invalid comparator '" + word + "'");
    }

    /** A number as SQL writes one: an integer or a decimal, with an exponent or not. */
    Double number() {
      skipSpace();
      int start = at;
      while (at < text.length() && !Character.isWhitespace(text.charAt(at))) {
        at++;
      }
      String token = text.substring(start, at);
      if (!NUMBER.matcher(token).matches()) {
        throw invalid(
            "Expected numeric value type for metric or numeric attribute. Found " + token);
      }
      return Double.valueOf(token);
    }

    String string(String filter) {
      skipSpace();
      if (at < text.length() && (text.charAt(at) == '\'' || text.charAt(at) == '"')) {
        return quoted(text.charAt(at));
      }
      throw invalid(
          "Value must be a string enclosed in single or double quotes in filter '" + filter + "'");
    }

    List<String> stringList() {
      skipSpace();
      if (at >= text.length() || text.charAt(at) != '(') {
        throw invalid("While parsing a list in the query, expected a parenthesised list");
      }
      at++;
      List<String> values = new ArrayList<>();
      while (true) {
        skipSpace();
        if (at < text.length() && text.charAt(at) == ')') {
          at++;
          return values;
        }
        if (at < text.length() && (text.charAt(at) == '\'' || text.charAt(at) == '"')) {
          values.add(quoted(text.charAt(at)));
        } else {
          throw invalid("While parsing a list in the query, expected string values");
        }
        skipSpace();
        if (at < text.length() && text.charAt(at) == ',') {
          at++;
        }
      }
    }
  }
}
