package dev.mnemos.query.lifecycle;

import dev.mnemos.server.errors.StoreException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Which runs to delete; every criterion given must hold, and at least one must be given.
 *
 * @param runIds these runs (empty: any)
 * @param pipeline runs of the pipeline of this name
 * @param runType runs whose context type has this name (one of the server's run types)
 * @param endedBefore runs that ended before this time (ms since epoch); a run still going is never
 *     chosen by age
 * @param keepNewest leaves out the newest N runs of each pipeline (of the run type, when one is
 *     given), by start time, whatever else they match
 */
public record RunSelection(
    Set<Long> runIds,
    Optional<String> pipeline,
    Optional<String> runType,
    Optional<Long> endedBefore,
    OptionalInt keepNewest) {

  public RunSelection {
    runIds = Set.copyOf(runIds);
    if (runIds.isEmpty()
        && pipeline.isEmpty()
        && runType.isEmpty()
        && endedBefore.isEmpty()
        && keepNewest.isEmpty()) {
      throw StoreException.invalidArgument(
          "choose the runs to delete: by id, pipeline, run type, end time or the newest to keep");
    }
    if (keepNewest.isPresent() && keepNewest.getAsInt() < 0) {
      throw StoreException.invalidArgument(
          "the newest runs to keep cannot be negative: " + keepNewest.getAsInt());
    }
    if (pipeline.isPresent() && pipeline.get().isBlank()) {
      throw StoreException.invalidArgument("the pipeline name is empty");
    }
    if (runType.isPresent() && runType.get().isBlank()) {
      throw StoreException.invalidArgument("the run type is empty");
    }
  }

  public static RunSelection ofIds(Set<Long> runIds) {
    return new RunSelection(
        runIds, Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty());
  }
}
