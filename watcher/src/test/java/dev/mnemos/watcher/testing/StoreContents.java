package dev.mnemos.watcher.testing;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.GetArtifactsByContextRequest;
import dev.mnemos.proto.mlmd.GetArtifactsRequest;
import dev.mnemos.proto.mlmd.GetContextsRequest;
import dev.mnemos.proto.mlmd.GetEventsByExecutionIDsRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByContextRequest;
import dev.mnemos.proto.mlmd.GetExecutionsRequest;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a (small) store holds, update times included, as read through the API: two equal
 * contents mean nothing was added, changed or touched in between.
 */
public record StoreContents(
    List<Artifact> artifacts,
    List<Execution> executions,
    List<Context> contexts,
    List<Event> events,
    Map<Long, List<Long>> associations,
    Map<Long, List<Long>> attributions) {

  public static StoreContents of(MetadataStoreServiceBlockingStub api) {
    List<Artifact> artifacts =
        api.getArtifacts(GetArtifactsRequest.getDefaultInstance()).getArtifactsList().stream()
            .sorted(Comparator.comparingLong(Artifact::getId))
            .toList();
    List<Execution> executions =
        api.getExecutions(GetExecutionsRequest.getDefaultInstance()).getExecutionsList().stream()
            .sorted(Comparator.comparingLong(Execution::getId))
            .toList();
    List<Context> contexts =
        api.getContexts(GetContextsRequest.getDefaultInstance()).getContextsList().stream()
            .sorted(Comparator.comparingLong(Context::getId))
            .toList();
    List<Event> events =
        executions.isEmpty()
            ? List.of()
            : api
                .getEventsByExecutionIDs(
                    GetEventsByExecutionIDsRequest.newBuilder()
                        .addAllExecutionIds(executions.stream().map(Execution::getId).toList())
                        .build())
                .getEventsList()
                .stream()
                .sorted(
                    Comparator.comparingLong(Event::getExecutionId)
                        .thenComparingLong(Event::getArtifactId)
                        .thenComparing(Event::getType))
                .toList();
    Map<Long, List<Long>> associations = new TreeMap<>();
    Map<Long, List<Long>> attributions = new TreeMap<>();
    for (Context context : contexts) {
      associations.put(
          context.getId(),
          api
              .getExecutionsByContext(
                  GetExecutionsByContextRequest.newBuilder().setContextId(context.getId()).build())
              .getExecutionsList()
              .stream()
              .map(Execution::getId)
              .sorted()
              .toList());
      attributions.put(
          context.getId(),
          api
              .getArtifactsByContext(
                  GetArtifactsByContextRequest.newBuilder().setContextId(context.getId()).build())
              .getArtifactsList()
              .stream()
              .map(Artifact::getId)
              .sorted()
              .toList());
    }
    return new StoreContents(artifacts, executions, contexts, events, associations, attributions);
  }
}
