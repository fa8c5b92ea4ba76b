package dev.mnemos.watcher.step;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The KFP v1 component spec a step pod carries in {@code pipelines.kubeflow.org/component_spec}.
 *
 * @param name the component's name
 * @param outputTypes declared output types by output name, sanitised as the v1 compiler does
 * @param digest hex SHA-256 of the annotation text, which names the execution type
 */
public record ComponentSpec(String name, Map<String, String> outputTypes, String digest) {

  static Optional<ComponentSpec> parse(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    JsonObject spec;
    try {
      JsonElement parsed = JsonParser.parseString(text);
      if (!parsed.isJsonObject()) {
        return Optional.empty();
      }
      spec = parsed.getAsJsonObject();
    } catch (JsonParseException e) {
      return Optional.empty();
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    JsonElement declared = spec.get("outputs");
    if (declared != null && declared.isJsonArray()) {
      for (JsonElement output : declared.getAsJsonArray()) {
        if (output.isJsonObject() && output.getAsJsonObject().has("name")) {
          JsonObject object = output.getAsJsonObject();
          outputs.put(sanitise(object.get("name").getAsString()), typeName(object.get("type")));
        }
      }
    }
    String name = spec.has("name") ? spec.get("name").getAsString() : "";
    return Optional.of(new ComponentSpec(name, Map.copyOf(outputs), sha256(text)));
  }

  /** The component version KFP names execution types after: {@code <name>@sha256=<digest>}. */
  public String version() {
    return name + "@sha256=" + digest;
  }

  /** The declared type of an output, or KFP's {@code NoType}. */
  public String outputType(String outputName) {
    String type = outputTypes.get(sanitise(outputName));
    return type == null || type.isEmpty() ? NO_TYPE : type;
  }

  public static final String NO_TYPE = "NoType";

  /**
   * The v1 DSL compiler's name sanitiser: runs of characters other than {@code [-_0-9A-Za-z]}
   * become {@code -}, dashes collapse, and none lead or trail.
   */
  static String sanitise(String name) {
    return name.replaceAll("[^-_0-9A-Za-z]+", "-").replaceAll("-+", "-").replaceAll("^-|-$", "");
  }

  /** A type is a name, or an object whose only key names it (e.g. {@code {"GCSPath": {...}}}). */
  private static String typeName(JsonElement type) {
    if (type == null || type.isJsonNull()) {
      return "";
    }
    if (type.isJsonPrimitive()) {
      return type.getAsString();
    }
    if (type.isJsonObject() && type.getAsJsonObject().size() > 0) {
      return type.getAsJsonObject().keySet().iterator().next();
    }
    return "";
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
