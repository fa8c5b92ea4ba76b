package dev.mnemos.server.model;

import dev.mnemos.proto.mlmd.Event;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An MLMD event: the edge between an execution and an artifact it read ({@link #isInput}) or wrote
 * ({@link #isOutput}), with the path that names the artifact among the execution's inputs or
 * outputs. {@code time} is null when the writer gave none.
 */
public record LineageEvent(
    long id,
    long artifactId,
    long executionId,
    Event.Type type,
    List<PathStep> path,
    @Nullable Long time) {

  /** One step of an event's path: a list index or a map key. */
  public record PathStep(@Nullable Long index, @Nullable String key) {

    /** The step as text: the key, or the index in decimal. */
    @Override
    public String toString() {
      return key != null ? key : Long.toString(Objects.requireNonNull(index));
    }
  }

  /** The artifact was read by the execution (inputs of every kind). */
  public boolean isInput() {
    return switch (type) {
      case DECLARED_INPUT, INPUT, INTERNAL_INPUT -> true;
      default -> false;
    };
  }

  /** The artifact was written by the execution (outputs of every kind, pending ones included). */
  public boolean isOutput() {
    return switch (type) {
      case DECLARED_OUTPUT, OUTPUT, INTERNAL_OUTPUT, PENDING_OUTPUT -> true;
      default -> false;
    };
  }
}
