package dev.mnemos.mlflow.store;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Names for runs created without one, in MLflow's shape (adjective, noun, number), so a table of
 * runs reads as it does in MLflow.
 */
final class RunNames {

  private static final List<String> ADJECTIVES =
      List.of(
          "amber", "bold", "brisk", "calm", "clever", "crisp", "eager", "fleet", "gentle", "glad",
          "keen", "lively", "lucid", "merry", "nimble", "plucky", "quiet", "rapid", "steady",
          "sunny", "swift", "tidy", "vivid", "wise");

  private static final List<String> NOUNS =
      List.of(
          "badger", "bee", "crane", "deer", "dove", "falcon", "finch", "fox", "hare", "heron",
          "ibis", "lark", "lynx", "mole", "newt", "otter", "owl", "panda", "robin", "seal", "stork",
          "swan", "trout", "wren");

  private RunNames() {}

  static String random() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return ADJECTIVES.get(random.nextInt(ADJECTIVES.size()))
        + "-"
        + NOUNS.get(random.nextInt(NOUNS.size()))
        + "-"
        + random.nextInt(1000);
  }
}
