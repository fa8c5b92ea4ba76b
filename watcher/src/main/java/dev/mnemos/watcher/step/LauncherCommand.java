package dev.mnemos.watcher.step;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a KFP v2 executor pod's command line says about its step (kfp.md §2.6): the MLMD execution
 * the driver created, and the input artifacts, whose names in {@code --executor_input} are their
 * MLMD ids.
 *
 * @param executionId the {@code --execution_id}
 * @param inputArtifactIds MLMD artifact ids by input name
 */
public record LauncherCommand(long executionId, Map<String, List<Long>> inputArtifactIds) {

  static Optional<LauncherCommand> parse(List<String> commandLine) {
    Optional<String> executionId = flag(commandLine, "--execution_id");
    if (executionId.isEmpty()) {
      return Optional.empty();
    }
    long id;
    try {
      id = Long.parseLong(executionId.get());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    Map<String, List<Long>> inputs = new LinkedHashMap<>();
    for (int i = 0; i + 1 < commandLine.size(); i++) {
      if (commandLine.get(i).equals("--executor_input")) {
        executorInput(commandLine.get(i + 1)).ifPresent(input -> inputs.putAll(inputIds(input)));
        if (!inputs.isEmpty()) {
          break;
        }
      }
    }
    return Optional.of(new LauncherCommand(id, Map.copyOf(inputs)));
  }

  private static Optional<String> flag(List<String> commandLine, String name) {
    int at = commandLine.indexOf(name);
    return at >= 0 && at + 1 < commandLine.size()
        ? Optional.of(commandLine.get(at + 1))
        : Optional.empty();
  }

  /** The executor input, unless the value is still the {@code {{$}}} placeholder. */
  private static Optional<JsonObject> executorInput(String value) {
    try {
      JsonElement parsed = JsonParser.parseString(value);
      return parsed.isJsonObject() ? Optional.of(parsed.getAsJsonObject()) : Optional.empty();
    } catch (JsonParseException e) {
      return Optional.empty();
    }
  }

  private static Map<String, List<Long>> inputIds(JsonObject executorInput) {
    Map<String, List<Long>> ids = new LinkedHashMap<>();
    JsonElement inputs = executorInput.get("inputs");
    if (inputs == null || !inputs.isJsonObject()) {
      return ids;
    }
    JsonElement artifacts = inputs.getAsJsonObject().get("artifacts");
    if (artifacts == null || !artifacts.isJsonObject()) {
      return ids;
    }
    for (Map.Entry<String, JsonElement> input : artifacts.getAsJsonObject().entrySet()) {
      JsonElement list =
          input.getValue().isJsonObject()
              ? input.getValue().getAsJsonObject().get("artifacts")
              : null;
      if (list == null || !list.isJsonArray()) {
        continue;
      }
      for (JsonElement artifact : list.getAsJsonArray()) {
        JsonElement name = artifact.isJsonObject() ? artifact.getAsJsonObject().get("name") : null;
        if (name != null && name.isJsonPrimitive() && name.getAsString().matches("\\d+")) {
          ids.computeIfAbsent(input.getKey(), key -> new ArrayList<>())
              .add(Long.parseLong(name.getAsString()));
        }
      }
    }
    ids.replaceAll((key, list) -> List.copyOf(list));
    return ids;
  }
}
