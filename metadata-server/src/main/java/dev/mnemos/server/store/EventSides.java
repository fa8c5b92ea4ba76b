package dev.mnemos.server.store;

import dev.mnemos.proto.mlmd.Event;
import java.util.List;

/**
 * Which side of an execution an event puts its artifact on, as MLMD's lineage reads it: inputs are
 * read by the execution, outputs (pending ones included) written by it.
 */
public final class EventSides {

  /** The `Event.type` codes of inputs, as stored. */
  public static final List<Long> INPUT_TYPES =
      List.of(
          (long) Event.Type.DECLARED_INPUT_VALUE,
          (long) Event.Type.INPUT_VALUE,
          (long) Event.Type.INTERNAL_INPUT_VALUE);

  /** The `Event.type` codes of outputs, as stored. */
  public static final List<Long> OUTPUT_TYPES =
      List.of(
          (long) Event.Type.DECLARED_OUTPUT_VALUE,
          (long) Event.Type.OUTPUT_VALUE,
          (long) Event.Type.INTERNAL_OUTPUT_VALUE,
          (long) Event.Type.PENDING_OUTPUT_VALUE);

  private EventSides() {}

  public static boolean isInput(Event event) {
    return INPUT_TYPES.contains((long) event.getType().getNumber());
  }

  public static boolean isOutput(Event event) {
    return OUTPUT_TYPES.contains((long) event.getType().getNumber());
  }
}
