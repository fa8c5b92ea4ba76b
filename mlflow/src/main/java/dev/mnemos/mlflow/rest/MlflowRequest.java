package dev.mnemos.mlflow.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import dev.mnemos.server.errors.StoreException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request's fields, from its JSON body or its query string (GET), read as MLflow's server reads
 * them: a missing required field or a field of the wrong type is INVALID_PARAMETER_VALUE.
 */
final class MlflowRequest {

  private final JsonObject fields;
  private final Map<String, String> path;

  private MlflowRequest(JsonObject fields) {
    this(fields, Map.of());
  }

  private MlflowRequest(JsonObject fields, Map<String, String> path) {
    this.fields = fields;
    this.path = path;
  }

  /** This request with the parameters its path carried ({@code /logged-models/{model_id}}). */
  MlflowRequest withPath(Map<String, String> parameters) {
    return new MlflowRequest(fields, Map.copyOf(parameters));
  }

  /** A parameter of the path; every route names the ones its path has. */
  String path(String name) {
    String value = path.get(name);
    if (value == null) {
      throw new IllegalStateException("the route has no path parameter " + name);
    }
    return value;
  }

  static MlflowRequest ofJson(String body) {
    if (body.isBlank()) {
      return new MlflowRequest(new JsonObject());
    }
    try {
      JsonElement parsed = JsonParser.parseString(body);
      if (!parsed.isJsonObject()) {
        throw StoreException.invalidArgument("The request body is not a JSON object.");
      }
      return new MlflowRequest(parsed.getAsJsonObject());
    } catch (JsonSyntaxException e) {
      throw new StoreException(
          dev.mnemos.server.errors.ErrorCode.INVALID_ARGUMENT,
          "Malformed JSON in the request body: " + e.getMessage());
    }
  }

  /** Query parameters; a repeated one is a list. */
  static MlflowRequest ofQuery(@Nullable String query) {
    JsonObject fields = new JsonObject();
    if (query == null || query.isEmpty()) {
      return new MlflowRequest(fields);
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
    }
    values.forEach(
        (name, list) -> {
          if (list.size() == 1) {
            fields.addProperty(name, list.getFirst());
          } else {
            JsonArray array = new JsonArray();
            list.forEach(array::add);
            fields.add(name, array);
          }
        });
    return new MlflowRequest(fields);
  }

  String required(String name) {
    String value = string(name);
    if (value == null || value.isEmpty()) {
      throw missing(name);
    }
    return value;
  }

  /** Whether the request has the field, null or not: an empty list counts, as MLflow counts it. */
  boolean has(String name) {
    return fields.has(name);
  }

  static StoreException missing(String name) {
    return StoreException.invalidArgument(
        "Missing value for required parameter '"
            + name
            + "'. See the API docs for more information about request parameters.");
  }

  @Nullable String string(String name) {
    JsonElement value = fields.get(name);
    if (value == null || value.isJsonNull()) {
      return null;
    }
    if (!value.isJsonPrimitive()) {
      throw wrongType(name, value, "string");
    }
    return value.getAsString();
  }

  String string(String name, String otherwise) {
    String value = string(name);
    return value == null ? otherwise : value;
  }

  @Nullable Long number(String name) {
    JsonElement value = fields.get(name);
    if (value == null || value.isJsonNull()) {
      return null;
    }
    try {
      if (value.isJsonPrimitive()) {
        JsonPrimitive primitive = value.getAsJsonPrimitive();
        if (primitive.isNumber()) {
          double number = primitive.getAsDouble();
          if (number == Math.rint(number)) {
            return primitive.getAsBigDecimal().longValueExact();
          }
        } else if (primitive.isString()) {
          return Long.parseLong(primitive.getAsString());
        }
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // refused below
    }
    throw wrongType(name, value, "integer");
  }

  /** A double field; MLflow's JSON writes NaN and the infinities as strings. */
  @Nullable Double decimal(String name) {
    JsonElement value = fields.get(name);
    if (value == null || value.isJsonNull()) {
      return null;
    }
    if (value.isJsonPrimitive()) {
      JsonPrimitive primitive = value.getAsJsonPrimitive();
      if (primitive.isNumber()) {
        return primitive.getAsDouble();
      }
      if (primitive.isString()) {
        switch (primitive.getAsString()) {
          case "NaN" -> {
            return Double.NaN;
          }
          case "Infinity" -> {
            return Double.POSITIVE_INFINITY;
          }
          case "-Infinity" -> {
            return Double.NEGATIVE_INFINITY;
          }
          default -> {
            try {
              return Double.valueOf(primitive.getAsString());
            } catch (NumberFormatException e) {
              // refused below
            }
          }
        }
      }
    }
    throw wrongType(name, value, "double");
  }

  List<String> strings(String name) {
    JsonElement value = fields.get(name);
    List<String> found = new ArrayList<>();
    if (value == null || value.isJsonNull()) {
      return found;
    }
    if (value.isJsonArray()) {
      for (JsonElement item : value.getAsJsonArray()) {
        found.add(item.getAsString());
      }
    } else {
      found.add(value.getAsString());
    }
    return found;
  }

  /** A list of objects, each read as a request of its own. */
  List<MlflowRequest> objects(String name) {
    JsonElement value = fields.get(name);
    List<MlflowRequest> found = new ArrayList<>();
    if (value == null || value.isJsonNull()) {
      return found;
    }
    if (!value.isJsonArray()) {
      throw wrongType(name, value, "list");
    }
    for (JsonElement item : value.getAsJsonArray()) {
      if (!item.isJsonObject()) {
        throw wrongType(name, value, "list of objects");
      }
      found.add(new MlflowRequest(item.getAsJsonObject()));
    }
    return found;
  }

  /** The object field {@code name}; an empty one when it is missing. */
  MlflowRequest object(String name) {
    JsonElement value = fields.get(name);
    if (value == null || value.isJsonNull()) {
      return new MlflowRequest(new JsonObject());
    }
    if (!value.isJsonObject()) {
      throw wrongType(name, value, "object");
    }
    return new MlflowRequest(value.getAsJsonObject());
  }

  /** {@code key}/{@code value} objects, in order. */
  List<Map.Entry<String, String>> pairs(String name) {
    List<Map.Entry<String, String>> found = new ArrayList<>();
    for (MlflowRequest pair : objects(name)) {
      found.add(Map.entry(pair.required("key"), pair.string("value", "")));
    }
    return found;
  }

  private static StoreException wrongType(String name, JsonElement value, String type) {
    return StoreException.invalidArgument(
        "Invalid value " + value + " for parameter '" + name + "' supplied: expected a " + type);
  }
}
