package dev.mnemos.watcher.record;

import com.google.protobuf.FieldMask;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.GetEventsByExecutionIDsRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByIDRequest;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.proto.mlmd.PutEventsRequest;
import dev.mnemos.proto.mlmd.PutExecutionsRequest;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.watcher.step.LauncherCommand;
import dev.mnemos.watcher.step.StepPod;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Links a KFP v2 executor pod to the execution its driver created (kfp.md §2.1, §2.6). The launcher
 * records the step itself, so this only adds what it leaves out: pod facts it did not set, the end
 * of a step whose launcher died with the pod, and INPUT events missing for the artifacts in {@code
 * --executor_input}. Updates carry a field mask, so nothing the launcher wrote is overwritten.
 */
final class LauncherLinker {

  private final Supplier<MetadataStoreServiceBlockingStub> api;

  LauncherLinker(Supplier<MetadataStoreServiceBlockingStub> api) {
    this.api = api;
  }

  /** Links the pod; throws {@link NotYetRecorded} while the driver's execution does not exist. */
  Recorded link(StepPod step, LauncherCommand command) {
    List<Execution> found =
        api.get()
            .getExecutionsByID(
                GetExecutionsByIDRequest.newBuilder()
                    .addExecutionIds(command.executionId())
                    .build())
            .getExecutionsList();
    if (found.isEmpty()) {
      throw new NotYetRecorded("execution " + command.executionId() + " of pod " + step.pod());
    }
    Execution stored = found.getFirst();
    Execution.Builder update =
        Execution.newBuilder().setId(stored.getId()).setTypeId(stored.getTypeId());
    FieldMask.Builder mask = FieldMask.newBuilder();
    for (Map.Entry<String, Value> fact : PodFacts.of(step).entrySet()) {
      Value current = stored.getCustomPropertiesMap().get(fact.getKey());
      if (current == null || current.equals(PodFacts.string(""))) {
        update.putCustomProperties(fact.getKey(), fact.getValue());
        mask.addPaths("custom_properties." + fact.getKey());
      }
    }
    boolean ended = false;
    if (step.ended() && !StepPod.ended(stored.getLastKnownState())) {
      // The launcher publishes the end itself; a pod that ended without it took the launcher along.
      update.setLastKnownState(step.state());
      mask.addPaths("last_known_state");
      ended = true;
    }
    boolean wrote = false;
    if (mask.getPathsCount() > 0) {
      api.get()
          .putExecutions(
              PutExecutionsRequest.newBuilder().addExecutions(update).setUpdateMask(mask).build());
      wrote = true;
    }
    wrote |= addMissingInputs(stored.getId(), command);
    return new Recorded(wrote, ended, true);
  }

  private boolean addMissingInputs(long executionId, LauncherCommand command) {
    if (command.inputArtifactIds().isEmpty()) {
      return false;
    }
    Set<Long> recorded = new HashSet<>();
    api
        .get()
        .getEventsByExecutionIDs(
            GetEventsByExecutionIDsRequest.newBuilder().addExecutionIds(executionId).build())
        .getEventsList()
        .stream()
        .filter(event -> event.getType() == Event.Type.INPUT)
        .forEach(event -> recorded.add(event.getArtifactId()));
    PutEventsRequest.Builder missing = PutEventsRequest.newBuilder();
    command
        .inputArtifactIds()
        .forEach(
            (name, ids) ->
                ids.stream()
                    .filter(id -> !recorded.contains(id))
                    .forEach(
                        id ->
                            missing.addEvents(
                                Event.newBuilder()
                                    .setExecutionId(executionId)
                                    .setArtifactId(id)
                                    .setType(Event.Type.INPUT)
                                    .setPath(
                                        Event.Path.newBuilder()
                                            .addSteps(
                                                Event.Path.Step.newBuilder().setKey(name))))));
    if (missing.getEventsCount() == 0) {
      return false;
    }
    api.get().putEvents(missing.build());
    return true;
  }
}
