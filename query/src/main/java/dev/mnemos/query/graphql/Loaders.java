package dev.mnemos.query.graphql;

import static dev.mnemos.migrations.jooq.Tables.ASSOCIATION;
import static dev.mnemos.migrations.jooq.Tables.ATTRIBUTION;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.ExecutionType;
import dev.mnemos.proto.mlmd.GetArtifactTypesByIDRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByIDRequest;
import dev.mnemos.proto.mlmd.GetChildrenContextsByContextsRequest;
import dev.mnemos.proto.mlmd.GetContextTypesByIDRequest;
import dev.mnemos.proto.mlmd.GetContextsByIDRequest;
import dev.mnemos.proto.mlmd.GetEventsByArtifactIDsRequest;
import dev.mnemos.proto.mlmd.GetEventsByExecutionIDsRequest;
import dev.mnemos.proto.mlmd.GetExecutionTypesByIDRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByIDRequest;
import dev.mnemos.proto.mlmd.GetParentContextsByContextsRequest;
import dev.mnemos.server.store.EventSides;
import dev.mnemos.server.store.IdChunks;
import dev.mnemos.server.store.MetadataStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;
import org.jooq.Field;
import org.jooq.Table;

/**
 * The per-request DataLoaders: every node, type and relation a query reaches is loaded in one batch
 * per loader and level, however many parents ask for it. A new registry per request, so nothing is
 * cached across requests.
 */
final class Loaders {

  static final String ARTIFACTS = "artifacts";
  static final String EXECUTIONS = "executions";
  static final String CONTEXTS = "contexts";
  static final String ARTIFACT_TYPES = "artifactTypes";
  static final String EXECUTION_TYPES = "executionTypes";
  static final String CONTEXT_TYPES = "contextTypes";
  static final String EVENTS_OF_ARTIFACT = "eventsOfArtifact";
  static final String EVENTS_OF_EXECUTION = "eventsOfExecution";
  static final String CONTEXTS_OF_ARTIFACT = "contextsOfArtifact";
  static final String CONTEXTS_OF_EXECUTION = "contextsOfExecution";
  static final String INPUTS_OF_EXECUTION = "inputsOfExecution";
  static final String OUTPUTS_OF_EXECUTION = "outputsOfExecution";
  static final String PRODUCERS_OF_ARTIFACT = "producersOfArtifact";
  static final String CONSUMERS_OF_ARTIFACT = "consumersOfArtifact";
  static final String PARENTS = "parents";
  static final String CHILDREN = "children";
  static final String RUNS = "runs";
  static final String RUN_PARAMETERS = "runParameters";
  static final String RUN_METRICS = "runMetrics";

  private Loaders() {}

  static DataLoaderRegistry forRequest(QueryServices services) {
    MetadataStore store = services.store();
    DataLoaderRegistry registry = new DataLoaderRegistry();
    registry.register(ARTIFACTS, mapped(ids -> artifacts(store, ids)));
    registry.register(EXECUTIONS, mapped(ids -> executions(store, ids)));
    registry.register(CONTEXTS, mapped(ids -> contexts(store, ids)));
    registry.register(
        ARTIFACT_TYPES,
        mapped(
            ids ->
                byId(
                    store
                        .types()
                        .getArtifactTypesById(
                            GetArtifactTypesByIDRequest.newBuilder().addAllTypeIds(ids).build())
                        .getArtifactTypesList(),
                    ArtifactType::getId)));
    registry.register(
        EXECUTION_TYPES,
        mapped(
            ids ->
                byId(
                    store
                        .types()
                        .getExecutionTypesById(
                            GetExecutionTypesByIDRequest.newBuilder().addAllTypeIds(ids).build())
                        .getExecutionTypesList(),
                    ExecutionType::getId)));
    registry.register(
        CONTEXT_TYPES,
        mapped(
            ids ->
                byId(
                    store
                        .types()
                        .getContextTypesById(
                            GetContextTypesByIDRequest.newBuilder().addAllTypeIds(ids).build())
                        .getContextTypesList(),
                    ContextType::getId)));
    registry.register(
        EVENTS_OF_ARTIFACT,
        mapped(
            ids ->
                group(
                    store
                        .relations()
                        .getEventsByArtifactIds(
                            GetEventsByArtifactIDsRequest.newBuilder()
                                .addAllArtifactIds(ids)
                                .build())
                        .getEventsList(),
                    Event::getArtifactId)));
    registry.register(
        EVENTS_OF_EXECUTION,
        mapped(
            ids ->
                group(
                    store
                        .relations()
                        .getEventsByExecutionIds(
                            GetEventsByExecutionIDsRequest.newBuilder()
                                .addAllExecutionIds(ids)
                                .build())
                        .getEventsList(),
                    Event::getExecutionId)));
    registry.register(
        CONTEXTS_OF_ARTIFACT,
        mapped(
            ids ->
                memberContexts(
                    store, ATTRIBUTION, ATTRIBUTION.ARTIFACT_ID, ATTRIBUTION.CONTEXT_ID, ids)));
    registry.register(
        CONTEXTS_OF_EXECUTION,
        mapped(
            ids ->
                memberContexts(
                    store, ASSOCIATION, ASSOCIATION.EXECUTION_ID, ASSOCIATION.CONTEXT_ID, ids)));
    registry.register(
        INPUTS_OF_EXECUTION, mapped(ids -> artifactsOfExecutions(store, ids, EventSides::isInput)));
    registry.register(
        OUTPUTS_OF_EXECUTION,
        mapped(ids -> artifactsOfExecutions(store, ids, EventSides::isOutput)));
    registry.register(
        PRODUCERS_OF_ARTIFACT,
        mapped(ids -> executionsOfArtifacts(store, ids, EventSides::isOutput)));
    registry.register(
        CONSUMERS_OF_ARTIFACT,
        mapped(ids -> executionsOfArtifacts(store, ids, EventSides::isInput)));
    registry.register(
        PARENTS,
        mapped(
            ids -> {
              Map<Long, List<Context>> parents = new HashMap<>();
              store
                  .relations()
                  .getParentContextsByContexts(
                      GetParentContextsByContextsRequest.newBuilder().addAllContextIds(ids).build())
                  .getContextsMap()
                  .forEach((id, list) -> parents.put(id, list.getParentContextsList()));
              return parents;
            }));
    registry.register(
        CHILDREN,
        mapped(
            ids -> {
              Map<Long, List<Context>> children = new HashMap<>();
              store
                  .relations()
                  .getChildrenContextsByContexts(
                      GetChildrenContextsByContextsRequest.newBuilder()
                          .addAllContextIds(ids)
                          .build())
                  .getContextsMap()
                  .forEach((id, list) -> children.put(id, list.getChildrenContextsList()));
              return children;
            }));
    registry.register(RUNS, mapped(ids -> services.runs().byIds(ids)));
    registry.register(RUN_PARAMETERS, mapped(ids -> services.runs().parameters(ids)));
    registry.register(RUN_METRICS, mapped(ids -> services.runs().metrics(ids)));
    return registry;
  }

  private static <V> DataLoader<Long, V> mapped(Function<List<Long>, Map<Long, V>> load) {
    return DataLoaderFactory.newMappedDataLoader(
        (Set<Long> keys) ->
            CompletableFuture.supplyAsync(
                () -> load.apply(List.copyOf(new TreeSet<>(keys))), Runnable::run));
  }

  static Map<Long, Artifact> artifacts(MetadataStore store, Collection<Long> ids) {
    Map<Long, Artifact> found = new HashMap<>();
    for (List<Long> chunk : IdChunks.of(ids)) {
      found.putAll(
          byId(
              store
                  .nodes()
                  .getArtifactsById(
                      GetArtifactsByIDRequest.newBuilder().addAllArtifactIds(chunk).build())
                  .getArtifactsList(),
              Artifact::getId));
    }
    return found;
  }

  static Map<Long, Execution> executions(MetadataStore store, Collection<Long> ids) {
    Map<Long, Execution> found = new HashMap<>();
    for (List<Long> chunk : IdChunks.of(ids)) {
      found.putAll(
          byId(
              store
                  .nodes()
                  .getExecutionsById(
                      GetExecutionsByIDRequest.newBuilder().addAllExecutionIds(chunk).build())
                  .getExecutionsList(),
              Execution::getId));
    }
    return found;
  }

  static Map<Long, Context> contexts(MetadataStore store, Collection<Long> ids) {
    Map<Long, Context> found = new HashMap<>();
    for (List<Long> chunk : IdChunks.of(ids)) {
      found.putAll(
          byId(
              store
                  .nodes()
                  .getContextsById(
                      GetContextsByIDRequest.newBuilder().addAllContextIds(chunk).build())
                  .getContextsList(),
              Context::getId));
    }
    return found;
  }

  private static Map<Long, List<Artifact>> artifactsOfExecutions(
      MetadataStore store, List<Long> ids, Predicate<Event> which) {
    List<Event> events =
        store
            .relations()
            .getEventsByExecutionIds(
                GetEventsByExecutionIDsRequest.newBuilder().addAllExecutionIds(ids).build())
            .getEventsList()
            .stream()
            .filter(which)
            .toList();
    Map<Long, Artifact> artifacts =
        artifacts(store, events.stream().map(Event::getArtifactId).distinct().toList());
    Map<Long, List<Artifact>> result = new HashMap<>();
    for (Event event : events) {
      Artifact artifact = artifacts.get(event.getArtifactId());
      List<Artifact> list = result.computeIfAbsent(event.getExecutionId(), id -> new ArrayList<>());
      if (artifact != null && !list.contains(artifact)) {
        list.add(artifact);
      }
    }
    return result;
  }

  private static Map<Long, List<Execution>> executionsOfArtifacts(
      MetadataStore store, List<Long> ids, Predicate<Event> which) {
    List<Event> events =
        store
            .relations()
            .getEventsByArtifactIds(
                GetEventsByArtifactIDsRequest.newBuilder().addAllArtifactIds(ids).build())
            .getEventsList()
            .stream()
            .filter(which)
            .toList();
    Map<Long, Execution> executions =
        executions(store, events.stream().map(Event::getExecutionId).distinct().toList());
    Map<Long, List<Execution>> result = new HashMap<>();
    for (Event event : events) {
      Execution execution = executions.get(event.getExecutionId());
      List<Execution> list = result.computeIfAbsent(event.getArtifactId(), id -> new ArrayList<>());
      if (execution != null && !list.contains(execution)) {
        list.add(execution);
      }
    }
    return result;
  }

  /** The contexts of each member, through a membership table: two statements per batch. */
  private static Map<Long, List<Context>> memberContexts(
      MetadataStore store,
      Table<?> membership,
      Field<Long> member,
      Field<Long> context,
      List<Long> ids) {
    Map<Long, List<Long>> contextIds = new HashMap<>();
    store
        .database()
        .read(
            sql -> {
              for (List<Long> chunk : IdChunks.of(ids)) {
                sql.select(member, context)
                    .from(membership)
                    .where(member.in(chunk))
                    .orderBy(context)
                    .forEach(
                        row ->
                            contextIds
                                .computeIfAbsent(row.value1(), id -> new ArrayList<>())
                                .add(row.value2()));
              }
              return null;
            });
    Set<Long> all = new TreeSet<>();
    contextIds.values().forEach(all::addAll);
    Map<Long, Context> contexts = contexts(store, all);
    Map<Long, List<Context>> result = new HashMap<>();
    contextIds.forEach(
        (id, list) ->
            result.put(id, list.stream().map(contexts::get).filter(c -> c != null).toList()));
    return result;
  }

  private static <T> Map<Long, T> byId(List<T> items, Function<T, Long> id) {
    Map<Long, T> map = new HashMap<>();
    items.forEach(item -> map.put(id.apply(item), item));
    return map;
  }

  private static <T> Map<Long, List<T>> group(List<T> items, Function<T, Long> key) {
    Map<Long, List<T>> map = new HashMap<>();
    items.forEach(item -> map.computeIfAbsent(key.apply(item), k -> new ArrayList<>()).add(item));
    return map;
  }
}
