package dev.mnemos.benchmarks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The KFP-shaped workload every driver replays, as side_by_side.py writes it: the timed runs and
 * the warm-up runs, each a list of steps with inputs, typed outputs, five metrics and parameters.
 */
record Workload(String pipeline, List<Run> runs, List<Run> warmup) {

  record Run(int number, List<Step> steps) {}

  /** An input reads the shared raw dataset ({@code producer} -1) or an earlier step's output. */
  record Input(String key, int producer, int slot) {}

  record Output(String key, String type) {}

  record Step(
      List<Input> inputs,
      List<Output> outputs,
      Map<String, Double> metrics,
      Map<String, Number> parameters) {}

  static Workload read(Path file) throws IOException {
    JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    return new Workload(
        json.get("pipeline").getAsString(),
        runs(json.getAsJsonArray("runs")),
        runs(json.getAsJsonArray("warmup")));
  }

  int executions() {
    return runs.stream().mapToInt(run -> run.steps().size()).sum();
  }

  private static List<Run> runs(JsonArray array) {
    List<Run> runs = new ArrayList<>();
    for (JsonElement element : array) {
      JsonObject run = element.getAsJsonObject();
      List<Step> steps = new ArrayList<>();
      for (JsonElement stepElement : run.getAsJsonArray("steps")) {
        JsonObject step = stepElement.getAsJsonObject();
        List<Input> inputs = new ArrayList<>();
        for (JsonElement input : step.getAsJsonArray("inputs")) {
          JsonArray pair = input.getAsJsonArray();
          JsonElement source = pair.get(1);
          inputs.add(
              source.isJsonNull()
                  ? new Input(pair.get(0).getAsString(), -1, 0)
                  : new Input(
                      pair.get(0).getAsString(),
                      source.getAsJsonArray().get(0).getAsInt(),
                      source.getAsJsonArray().get(1).getAsInt()));
        }
        List<Output> outputs = new ArrayList<>();
        for (JsonElement output : step.getAsJsonArray("outputs")) {
          JsonArray pair = output.getAsJsonArray();
          outputs.add(new Output(pair.get(0).getAsString(), pair.get(1).getAsString()));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        step.getAsJsonObject("metrics")
            .entrySet()
            .forEach(e -> metrics.put(e.getKey(), e.getValue().getAsDouble()));
        Map<String, Number> parameters = new LinkedHashMap<>();
        step.getAsJsonObject("parameters")
            .entrySet()
            .forEach(
                e ->
                    parameters.put(
                        e.getKey(),
                        e.getValue().getAsString().contains(".")
                            ? (Number) e.getValue().getAsDouble()
                            : (Number) e.getValue().getAsLong()));
        steps.add(new Step(inputs, outputs, metrics, parameters));
      }
      runs.add(new Run(run.get("run").getAsInt(), steps));
    }
    return runs;
  }
}
