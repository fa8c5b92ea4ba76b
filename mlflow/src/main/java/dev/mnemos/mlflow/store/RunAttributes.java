package dev.mnemos.mlflow.store;

import dev.mnemos.mlflow.model.RunInfo;
import dev.mnemos.server.errors.StoreException;
import org.jspecify.annotations.Nullable;

/** The attributes of a run that searches filter and sort on, by MLflow's names. */
final class RunAttributes {

  private RunAttributes() {}

  /** The attribute's value: a Long, a String, or null when the run has none. */
  static @Nullable Object of(RunInfo info, String name) {
    return switch (name) {
      case "start_time" -> info.startTime();
      case "end_time" -> info.endTime();
      case "run_id" -> info.runId();
      case "run_name" -> info.runName();
      case "status" -> info.status().name();
      case "user_id" -> info.userId();
      case "artifact_uri" -> info.artifactUri();
      default -> throw StoreException.invalidArgument("Invalid attribute key '" + name + "'");
    };
  }
}
