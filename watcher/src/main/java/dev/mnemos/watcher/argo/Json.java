package dev.mnemos.watcher.argo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Lenient reads of the JSON Argo and KFP keep in annotations and environment variables. */
final class Json {

  private Json() {}

  /** The object {@code text} holds, or empty when it is missing or not a JSON object. */
  static Optional<JsonObject> object(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonElement parsed = JsonParser.parseString(text);
      return parsed.isJsonObject() ? Optional.of(parsed.getAsJsonObject()) : Optional.empty();
    } catch (JsonParseException e) {
      return Optional.empty();
    }
  }

  static String string(JsonObject object, String member) {
    JsonElement value = object.get(member);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : "";
  }

  static JsonObject object(JsonObject object, String member) {
    JsonElement value = object.get(member);
    return value != null && value.isJsonObject() ? value.getAsJsonObject() : new JsonObject();
  }

  static JsonArray array(JsonObject object, String member) {
    JsonElement value = object.get(member);
    return value != null && value.isJsonArray() ? value.getAsJsonArray() : new JsonArray();
  }
}
