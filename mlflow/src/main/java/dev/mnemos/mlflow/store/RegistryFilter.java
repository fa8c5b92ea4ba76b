package dev.mnemos.mlflow.store;

import dev.mnemos.mlflow.model.ModelVersion;
import dev.mnemos.mlflow.model.RegisteredModel;
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
 * The filter of a registry search, as MLflow reads it: comparisons joined by {@code AND}, each on
 * an attribute ({@code name}; for versions also {@code run_id}, {@code source_path} and {@code
 * version_number}, the last compared as a number) or a tag ({@code tags.k} or {@code tag.k},
 * compared with {@code =}, {@code !=}, {@code LIKE}, {@code ILIKE}). Prompts, the registered models
 * and versions tagged {@code mlflow.prompt.is_prompt = 'true'}, are left out unless the filter asks
 * for them by that tag. Evaluated, never turned into SQL text.
 */
final class RegistryFilter<T> {

  static final String IS_PROMPT = "mlflow.prompt.is_prompt";

  private static final Set<String> TEXT = Set.of("=", "!=", "LIKE", "ILIKE", "IN", "NOT IN");
  private static final Set<String> TAG = Set.of("=", "!=", "LIKE", "ILIKE");
  private static final Set<String> NUMERIC = Set.of("=", "!=", ">", ">=", "<", "<=");

  /** What a search of one kind filters on. */
  record Subject<T>(
      Map<String, Function<T, @Nullable Object>> attributes,
      Set<String> listAttributes,
      Function<T, Map<String, String>> tags) {}

  static final Subject<RegisteredModel> MODELS =
      new Subject<>(Map.of("name", RegisteredModel::name), Set.of("name"), RegisteredModel::tags);

  static final Subject<ModelVersion> VERSIONS =
      new Subject<>(
          Map.of(
              "name", ModelVersion::name,
              "run_id", ModelVersion::runId,
              "source_path", ModelVersion::source,
              "version_number", ModelVersion::version),
          Set.of("name", "run_id"),
          ModelVersion::tags);

  private final Subject<T> subject;
  private final List<Clause> clauses;
  private final boolean wantsPrompts;

  private RegistryFilter(Subject<T> subject, List<Clause> clauses) {
    this.subject = subject;
    this.clauses = clauses;
    this.wantsPrompts =
        clauses.stream()
            .filter(c -> c.entity() == Entity.TAG && c.key().equals(IS_PROMPT))
            .findFirst()
            .map(
                c ->
                    c.comparator().equals("=") && "true".equalsIgnoreCase((String) c.value())
                        || c.comparator().equals("!=")
                            && "false".equalsIgnoreCase((String) c.value()))
            .orElse(false);
  }

  /** INVALID_ARGUMENT for what MLflow refuses: an unknown entity or key, a wrong comparator. */
  static <T> RegistryFilter<T> parse(String filter, Subject<T> subject) {
    List<Clause> clauses = new ArrayList<>();
    if (!filter.isBlank()) {
      SearchFilter.Lexer lexer = new SearchFilter.Lexer(filter);
      while (true) {
        clauses.add(clause(lexer, filter, subject));
        if (lexer.atEnd()) {
          break;
        }
        String and = lexer.word();
        if (!and.equalsIgnoreCase("AND")) {
          throw SearchFilter.invalid("Invalid clause(s) in filter string: " + and);
        }
      }
    }
    return new RegistryFilter<>(subject, List.copyOf(clauses));
  }

  private static Clause clause(SearchFilter.Lexer lexer, String filter, Subject<?> subject) {
    String identifier = lexer.identifier();
    Entity entity = Entity.ATTRIBUTE;
    String key = identifier;
    int dot = identifier.indexOf('.');
    if (dot > 0 && !lexer.lastWasQuoted()) {
      String prefix = identifier.substring(0, dot);
      entity =
          switch (prefix) {
            case "attribute" -> Entity.ATTRIBUTE;
            case "tag", "tags" -> Entity.TAG;
            default ->
                throw SearchFilter.invalid(
                    "Invalid entity type '"
                        + prefix
                        + "'. Valid entity types are ('attribute', 'tag', 'tags')");
          };
      key = identifier.substring(dot + 1);
    }
    if (entity == Entity.ATTRIBUTE && !subject.attributes().containsKey(key)) {
      throw SearchFilter.invalid(
          "Invalid attribute key '"
              + key
              + "' specified. Valid keys are '"
              + subject.attributes().keySet()
              + "'");
    }
    key = SearchFilter.Lexer.unquote(key);
    boolean numeric = entity == Entity.ATTRIBUTE && key.equals("version_number");
    String comparator = lexer.comparator();
    Set<String> allowed = entity == Entity.TAG ? TAG : numeric ? NUMERIC : TEXT;
    if (!allowed.contains(comparator)
        || comparator.endsWith("IN") && !subject.listAttributes().contains(key)) {
      throw SearchFilter.invalid(
          "Invalid comparator for "
              + (entity == Entity.TAG ? "tag" : "attribute")
              + ": "
              + comparator);
    }
    Object value;
    if (comparator.endsWith("IN")) {
      value = lexer.stringList();
    } else if (numeric) {
      String text = lexer.atQuote() ? lexer.string(filter) : String.valueOf(lexer.number());
      value = version(text);
    } else {
      value = lexer.string(filter);
    }
    return new Clause(entity, key, comparator, value);
  }

  /** A version number as MLflow reads one: an integer, quoted or not. */
  private static Double version(String text) {
    try {
      double number = Double.parseDouble(text);
      if (number != Math.rint(number) || text.contains(".") && !text.endsWith(".0")) {
        throw new NumberFormatException(text);
      }
      return number;
    } catch (NumberFormatException e) {
      throw SearchFilter.invalid(
          "Invalid value for numeric attribute 'version_number': '" + text + "'");
    }
  }

  boolean matches(T item) {
    Map<String, String> tags = subject.tags().apply(item);
    if (!wantsPrompts && "true".equalsIgnoreCase(tags.get(IS_PROMPT))) {
      return false;
    }
    for (Clause clause : clauses) {
      if (!wantsPrompts && clause.entity() == Entity.TAG && clause.key().equals(IS_PROMPT)) {
        // MLflow drops the prompt tag's clause when it leaves prompts out.
        continue;
      }
      Object actual =
          clause.entity() == Entity.TAG
              ? tags.get(clause.key())
              : Objects.requireNonNull(subject.attributes().get(clause.key())).apply(item);
      if (!ModelFilter.compares(actual, clause)) {
        return false;
      }
    }
    return true;
  }
}
