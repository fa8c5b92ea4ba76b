package dev.mnemos.app.demo;

import static dev.mnemos.app.demo.KfpRecorder.list;
import static dev.mnemos.app.demo.KfpRecorder.struct;

import dev.mnemos.proto.mlmd.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** Made-up but plausible values for the demo store, all from one seeded {@link Random}. */
final class DemoValues {

  private final Random random;

  DemoValues(long seed) {
    this.random = new Random(seed);
  }

  /** A KFP run id: a random (version 4) UUID. */
  String runId() {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  double nextDouble() {
    return random.nextDouble();
  }

  /** How good a model with these settings is: best near a learning rate of 0.05. */
  static double quality(double learningRate, int maxDepth, String featureSet) {
    double rate = 0.93 - 6 * Math.pow(learningRate - 0.05, 2) - 0.004 * Math.abs(maxDepth - 6);
    return featureSet.equals("v2") ? rate + 0.01 : rate;
  }

  /** KFP's confusion matrix and ROC points for a binary classifier of this accuracy. */
  Map<String, Value> confusion(double accuracy) {
    int total = 1000;
    int right = (int) Math.round(accuracy * total);
    int truePositives = right * 3 / 10;
    int falsePositives = (total - right) / 2;
    List<Object> roc = new ArrayList<>();
    for (double threshold = 0.9; threshold >= 0.09; threshold -= 0.1) {
      double falsePositiveRate = round(Math.pow(1 - threshold, 2.2) * (1.05 - accuracy) * 4);
      roc.add(
          Map.of(
              "confidenceThreshold", round(threshold),
              "falsePositiveRate", Math.min(1.0, falsePositiveRate),
              "recall", round(Math.min(1.0, Math.pow(1 - threshold, 0.35) * (accuracy + 0.05)))));
    }
    Map<String, Object> matrix =
        Map.of(
            "annotationSpecs",
            List.of(Map.of("displayName", "stays"), Map.of("displayName", "churns")),
            "rows",
            List.of(
                Map.of("row", List.of(right - truePositives, falsePositives)),
                Map.of("row", List.of(total - right - falsePositives, truePositives))));
    return Map.of(
        "confusionMatrix", struct(Map.of("struct", matrix)), "confidenceMetrics", list(roc));
  }

  double pick(double... choices) {
    return choices[random.nextInt(choices.length)];
  }

  double noise(double scale) {
    return (random.nextDouble() * 2 - 1) * scale;
  }

  static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
