package dev.mnemos.query.graphql;

import dev.mnemos.server.errors.StoreException;
import graphql.schema.DataFetchingEnvironment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads a field's one {@code input:} argument, refusing what the schema cannot refuse. */
final class Inputs {

  private final Map<String, Object> values;

  private Inputs(Map<String, Object> values) {
    this.values = values;
  }

  static Inputs of(DataFetchingEnvironment env) {
    Map<String, Object> input = env.getArgument("input");
    return new Inputs(input == null ? Map.of() : input);
  }

  static Inputs of(@Nullable Map<String, Object> nested) {
    return new Inputs(nested == null ? Map.of() : nested);
  }

  Optional<String> string(String name) {
    return Optional.ofNullable((String) values.get(name));
  }

  String requiredString(String name) {
    return string(name)
        .filter(s -> !s.isBlank())
        .orElseThrow(() -> StoreException.invalidArgument(name + " must not be empty"));
  }

  Optional<Long> longValue(String name) {
    Object value = values.get(name);
    return value == null ? Optional.empty() : Optional.of(((Number) value).longValue());
  }

  Optional<Integer> intValue(String name) {
    Object value = values.get(name);
    return value == null ? Optional.empty() : Optional.of(((Number) value).intValue());
  }

  Optional<Double> doubleValue(String name) {
    Object value = values.get(name);
    return value == null ? Optional.empty() : Optional.of(((Number) value).doubleValue());
  }

  Optional<Boolean> bool(String name) {
    return Optional.ofNullable((Boolean) values.get(name));
  }

  /** A GraphQL enum value, which arrives as its name. */
  <E extends Enum<E>> Optional<E> enumValue(String name, Class<E> type) {
    return string(name).map(value -> Enum.valueOf(type, value));
  }

  @SuppressWarnings("unchecked")
  <T> List<T> list(String name) {
    Object value = values.get(name);
    return value == null ? List.of() : (List<T>) value;
  }

  @SuppressWarnings("unchecked")
  Inputs nested(String name) {
    return of((Map<String, Object>) values.get(name));
  }

  boolean has(String name) {
    return values.get(name) != null;
  }

  /**
   * A page size between 1 and {@code max}.
   *
   * @throws StoreException INVALID_ARGUMENT outside that range
   */
  int first(int max) {
    int first = intValue("first").orElse(20);
    if (first < 1 || first > max) {
      throw StoreException.invalidArgument("first must be between 1 and " + max + ", not " + first);
    }
    return first;
  }
}
