package dev.mnemos.server.store;

import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.server.model.LineageEvent;
import dev.mnemos.server.model.LineageEvent.PathStep;
import java.util.Objects;

/** Converts a stored event to MLMD's message (which carries no event id). */
final class EventMapper {

  private EventMapper() {}

  static Event toProto(LineageEvent stored) {
    Event.Builder event =
        Event.newBuilder()
            .setArtifactId(stored.artifactId())
            .setExecutionId(stored.executionId())
            .setType(stored.type());
    if (stored.time() != null) {
      event.setMillisecondsSinceEpoch(stored.time());
    }
    if (!stored.path().isEmpty()) {
      Event.Path.Builder path = event.getPathBuilder();
      for (PathStep step : stored.path()) {
        path.addSteps(
            step.key() != null
                ? Event.Path.Step.newBuilder().setKey(step.key())
                : Event.Path.Step.newBuilder().setIndex(Objects.requireNonNull(step.index())));
      }
    }
    return event.build();
  }
}
