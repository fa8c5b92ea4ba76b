package dev.mnemos.mlflow.store;

import dev.mnemos.proto.mlmd.Value;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** MLMD property values as the tracking store writes and reads them. */
final class Values {

  private Values() {}

  static Value text(String text) {
    return Value.newBuilder().setStringValue(text).build();
  }

  static Value number(long number) {
    return Value.newBuilder().setIntValue(number).build();
  }

  /**
   * A time in milliseconds, as decimal text: MLMD's integer properties hold 32 bits on MySQL and
   * PostgreSQL, a time since the epoch needs more.
   */
  static Value millis(long millis) {
    return text(Long.toString(millis));
  }

  static String text(Map<String, Value> properties, String name) {
    Value value = properties.get(name);
    return value == null ? "" : value.getStringValue();
  }

  static @Nullable Long number(Map<String, Value> properties, String name) {
    Value value = properties.get(name);
    return value == null || value.getValueCase() != Value.ValueCase.INT_VALUE
        ? null
        : value.getIntValue();
  }

  static @Nullable Long millis(Map<String, Value> properties, String name) {
    Value value = properties.get(name);
    if (value == null || value.getValueCase() != Value.ValueCase.STRING_VALUE) {
      return null;
    }
    try {
      return Long.parseLong(value.getStringValue());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The string properties named {@code prefix + key}, by key, in key order. */
  static Map<String, String> prefixed(Map<String, Value> properties, String prefix) {
    Map<String, String> found = new TreeMap<>();
    properties.forEach(
        (name, value) -> {
          if (name.startsWith(prefix)) {
            found.put(name.substring(prefix.length()), value.getStringValue());
          }
        });
    return found;
  }
}
