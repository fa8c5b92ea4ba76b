package dev.mnemos.mlflow.store;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.mnemos.mlflow.model.Metric;
import dev.mnemos.server.errors.StoreException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * MLflow's rules for what a client may log, with MLflow's messages (its clients and users match on
 * them): names of metrics, params and tags, lengths, batch sizes.
 */
final class Validation {

  static final int MAX_KEY_LENGTH = 250;
  static final int MAX_PARAM_VALUE_LENGTH = 6000;
  static final int MAX_TAG_VALUE_LENGTH = 8000;
  static final int MAX_EXPERIMENT_TAG_VALUE_LENGTH = 20000;

  /**
   * MLMD keeps a context's name in 255 characters, MLflow an experiment's in 500: the longer ones
   * are refused (docs/mlflow.md).
   */
  static final int MAX_EXPERIMENT_NAME_LENGTH = 255;

  static final int MAX_METRICS_PER_BATCH = 1000;
  static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
  static final int MAX_ENTITIES_PER_BATCH = 1000;

  private static final Pattern NAME =
      Pattern.compile("^[/\\w.\\- :]*$", Pattern.UNICODE_CHARACTER_CLASS);

  private static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();

  private Validation() {}

  static void metric(Metric metric, String path) {
    name(metric.key(), join(path, "name"));
    if (metric.timestamp() < 0) {
      throw StoreException.invalidArgument(
          invalidValue(
              join(path, "timestamp"),
              metric.timestamp(),
              "metric '"
                  + metric.key()
                  + "' (value="
                  + metric.value()
                  + "). Timestamp must be a nonnegative long (64-bit integer) "));
    }
    length("Metric name", MAX_KEY_LENGTH, metric.key());
  }

  static void param(String key, String value, String path) {
    name(key, join(path, "key"));
    length("Param key", MAX_KEY_LENGTH, key);
    length("Param value", MAX_PARAM_VALUE_LENGTH, value);
  }

  static void tag(String key, String value, String path) {
    name(key, join(path, "key"));
    length(join(path, "key"), MAX_KEY_LENGTH, key);
    length(join(path, "value"), MAX_TAG_VALUE_LENGTH, value);
  }

  static void keyLength(String entity, String key) {
    length(entity, MAX_KEY_LENGTH, key);
  }

  static void experimentTag(String key, String value) {
    name(key, "key");
    length("key", MAX_KEY_LENGTH, key);
    length("value", MAX_EXPERIMENT_TAG_VALUE_LENGTH, value);
  }

  static void experimentName(String name) {
    if (name.isEmpty()) {
      throw StoreException.invalidArgument("Invalid experiment name: ''");
    }
    length("name", MAX_EXPERIMENT_NAME_LENGTH, name);
  }

  static void batch(int metrics, int params, int tags) {
    batchLimit("metrics", MAX_METRICS_PER_BATCH, metrics);
    batchLimit("params", MAX_PARAMS_TAGS_PER_BATCH, params);
    batchLimit("tags", MAX_PARAMS_TAGS_PER_BATCH, tags);
    batchLimit("metrics, params, and tags", MAX_ENTITIES_PER_BATCH, metrics + params + tags);
  }

  private static void batchLimit(String entities, int limit, int length) {
    if (length > limit) {
      throw StoreException.invalidArgument(
          "A batch logging request can contain at most "
              + limit
              + " "
              + entities
              + ". Got "
              + length
              + " "
              + entities
              + ". Please split up "
              + entities
              + " across multiple requests and try again.");
    }
  }

  /** A metric, param or tag name: MLflow's characters, and no path that resolves elsewhere. */
  private static void name(String name, String path) {
    if (!NAME.matcher(name).matches()) {
      throw StoreException.invalidArgument(
          invalidValue(
              path,
              name,
              "Names may only contain alphanumerics, underscores (_), dashes (-), periods (.),"
                  + " spaces ( ), colon(:) and slashes (/)."));
    }
    String normal = normalPath(name);
    if (!normal.equals(name)
        || normal.equals(".")
        || normal.startsWith("..")
        || normal.startsWith("/")) {
      throw StoreException.invalidArgument(
          invalidValue(
              path,
              name,
              "Names may be treated as files in certain cases, and must not resolve to other names"
                  + " when treated as such. This name would resolve to '"
                  + normal
                  + "'"));
    }
  }

  static void length(String entity, int limit, String value) {
    if (value.length() > limit) {
      throw StoreException.invalidArgument(
          "'" + entity + "' exceeds the maximum length of " + limit + " characters");
    }
  }

  static String invalidValue(String path, Object value, String message) {
    return "Invalid value "
        + JSON.toJson(value)
        + " for parameter '"
        + path
        + "' supplied: "
        + message;
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  /** POSIX path normalisation: slashes collapsed, "." dropped, ".." resolved where it can be. */
  static String normalPath(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean absolute = path.startsWith("/");
    // POSIX keeps exactly two leading slashes, and folds three or more into one.
    String prefix = absolute ? (path.startsWith("//") && !path.startsWith("///") ? "//" : "/") : "";
    Deque<String> parts = new ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..") && (!absolute && (parts.isEmpty() || parts.peekLast().equals("..")))) {
        parts.addLast(part);
      } else if (part.equals("..")) {
        if (!parts.isEmpty()) {
          parts.removeLast();
        }
      } else {
        parts.addLast(part);
      }
    }
    String joined = prefix + String.join("/", parts);
    return joined.isEmpty() ? "." : joined;
  }
}
