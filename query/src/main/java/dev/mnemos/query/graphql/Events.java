package dev.mnemos.query.graphql;

import dev.mnemos.proto.mlmd.Event;

/** Which side of an execution an event is on, as MLMD's lineage reads it. */
final class Events {

  private Events() {}

  static boolean isInput(Event event) {
    return switch (event.getType()) {
      case INPUT, DECLARED_INPUT, INTERNAL_INPUT -> true;
      default -> false;
    };
  }

  static boolean isOutput(Event event) {
    return switch (event.getType()) {
      case OUTPUT, DECLARED_OUTPUT, INTERNAL_OUTPUT, PENDING_OUTPUT -> true;
      default -> false;
    };
  }
}
