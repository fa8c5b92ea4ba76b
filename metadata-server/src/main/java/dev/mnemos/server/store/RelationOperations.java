package dev.mnemos.server.store;

import static dev.mnemos.migrations.jooq.Tables.PARENTCONTEXT;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Association;
import dev.mnemos.proto.mlmd.Attribution;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.GetChildrenContextsByContextRequest;
import dev.mnemos.proto.mlmd.GetChildrenContextsByContextResponse;
import dev.mnemos.proto.mlmd.GetChildrenContextsByContextsRequest;
import dev.mnemos.proto.mlmd.GetChildrenContextsByContextsResponse;
import dev.mnemos.proto.mlmd.GetContextsByArtifactRequest;
import dev.mnemos.proto.mlmd.GetContextsByArtifactResponse;
import dev.mnemos.proto.mlmd.GetContextsByExecutionRequest;
import dev.mnemos.proto.mlmd.GetContextsByExecutionResponse;
import dev.mnemos.proto.mlmd.GetEventsByArtifactIDsRequest;
import dev.mnemos.proto.mlmd.GetEventsByArtifactIDsResponse;
import dev.mnemos.proto.mlmd.GetEventsByExecutionIDsRequest;
import dev.mnemos.proto.mlmd.GetEventsByExecutionIDsResponse;
import dev.mnemos.proto.mlmd.GetParentContextsByContextRequest;
import dev.mnemos.proto.mlmd.GetParentContextsByContextResponse;
import dev.mnemos.proto.mlmd.GetParentContextsByContextsRequest;
import dev.mnemos.proto.mlmd.GetParentContextsByContextsResponse;
import dev.mnemos.proto.mlmd.ParentContext;
import dev.mnemos.proto.mlmd.PutAttributionsAndAssociationsRequest;
import dev.mnemos.proto.mlmd.PutAttributionsAndAssociationsResponse;
import dev.mnemos.proto.mlmd.PutEventsRequest;
import dev.mnemos.proto.mlmd.PutEventsResponse;
import dev.mnemos.proto.mlmd.PutParentContextsRequest;
import dev.mnemos.proto.mlmd.PutParentContextsResponse;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.scope.ReadScope;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Field;

/**
 * Events, context membership and the context hierarchy of the MLMD contract, each one transaction.
 * Writes check that every referenced node exists (INVALID_ARGUMENT otherwise); membership writes
 * are idempotent; parent links refuse duplicates (ALREADY_EXISTS) and cycles (INVALID_ARGUMENT).
 */
public final class RelationOperations {

  private final Database db;
  private final NodeOperations nodes;
  private final ReadScope scope;
  private final EventRepository events;
  private final RelationRepository relations = new RelationRepository();

  RelationOperations(Database db, NodeOperations nodes, ReadScope scope) {
    this.db = db;
    this.nodes = nodes;
    this.scope = scope;
    this.events = new EventRepository(scope);
  }

  EventRepository events() {
    return events;
  }

  RelationRepository relations() {
    return relations;
  }

  public PutEventsResponse putEvents(PutEventsRequest request) {
    db.write(
        tx -> {
          DSLContext sql = tx.sql();
          for (Event event : request.getEventsList()) {
            validateEvent(event);
            requireExists(
                sql,
                nodes.artifacts.repository(),
                event.getArtifactId(),
                "No artifact with the given id ");
            requireExists(
                sql,
                nodes.executions.repository(),
                event.getExecutionId(),
                "No execution with the given id ");
            events.insert(tx, event, System.currentTimeMillis());
          }
          return null;
        });
    return PutEventsResponse.getDefaultInstance();
  }

  static void validateEvent(Event event) {
    if (!event.hasArtifactId()) {
      throw StoreException.invalidArgument("No artifact id is specified.");
    }
    if (!event.hasExecutionId()) {
      throw StoreException.invalidArgument("No execution id is specified.");
    }
    if (!event.hasType() || event.getType() == Event.Type.UNKNOWN) {
      throw StoreException.invalidArgument("No event type is specified.");
    }
  }

  public PutAttributionsAndAssociationsResponse putAttributionsAndAssociations(
      PutAttributionsAndAssociationsRequest request) {
    db.write(
        tx -> {
          DSLContext sql = tx.sql();
          for (Attribution attribution : request.getAttributionsList()) {
            requireExists(
                sql,
                nodes.contexts.repository(),
                attribution.getContextId(),
                "Context id not found: ");
            requireExists(
                sql,
                nodes.artifacts.repository(),
                attribution.getArtifactId(),
                "Artifact id not found: ");
            relations.attribute(
                tx, attribution.getContextId(), List.of(attribution.getArtifactId()));
          }
          for (Association association : request.getAssociationsList()) {
            requireExists(
                sql,
                nodes.contexts.repository(),
                association.getContextId(),
                "Context id not found: ");
            requireExists(
                sql,
                nodes.executions.repository(),
                association.getExecutionId(),
                "Execution id not found: ");
            relations.associate(
                tx, association.getContextId(), List.of(association.getExecutionId()));
          }
          return null;
        });
    return PutAttributionsAndAssociationsResponse.getDefaultInstance();
  }

  public PutParentContextsResponse putParentContexts(PutParentContextsRequest request) {
    db.write(
        tx -> {
          DSLContext sql = tx.sql();
          for (ParentContext link : request.getParentContextsList()) {
            if (!link.hasChildId() || !link.hasParentId()) {
              throw StoreException.invalidArgument(
                  "A parent context needs both child_id and parent_id.");
            }
            requireExists(
                sql, nodes.contexts.repository(), link.getChildId(), "Child context not found: ");
            requireExists(
                sql, nodes.contexts.repository(), link.getParentId(), "Parent context not found: ");
            if (relations.isSelfOrAncestor(sql, link.getChildId(), link.getParentId())) {
              throw StoreException.invalidArgument(
                  "There is a cycle detected with the given parent context: child "
                      + link.getChildId()
                      + ", parent "
                      + link.getParentId());
            }
            relations.addParent(tx, link.getChildId(), link.getParentId());
          }
          return null;
        });
    return PutParentContextsResponse.getDefaultInstance();
  }

  public GetEventsByExecutionIDsResponse getEventsByExecutionIds(
      GetEventsByExecutionIDsRequest request) {
    return GetEventsByExecutionIDsResponse.newBuilder()
        .addAllEvents(
            db.read(sql -> events.byExecutionIds(sql, request.getExecutionIdsList())).stream()
                .map(EventMapper::toProto)
                .toList())
        .build();
  }

  public GetEventsByArtifactIDsResponse getEventsByArtifactIds(
      GetEventsByArtifactIDsRequest request) {
    return GetEventsByArtifactIDsResponse.newBuilder()
        .addAllEvents(
            db.read(sql -> events.byArtifactIds(sql, request.getArtifactIdsList())).stream()
                .map(EventMapper::toProto)
                .toList())
        .build();
  }

  /** NOT_FOUND when the artifact belongs to no context, as the MLMD library answers. */
  public GetContextsByArtifactResponse getContextsByArtifact(GetContextsByArtifactRequest request) {
    List<Context> found =
        db.read(
            sql ->
                contexts(sql, relations.contextIdsOfArtifact(sql, request.getArtifactId(), scope)));
    if (found.isEmpty()) {
      throw StoreException.notFound(
          "No contexts found for artifact_id: " + request.getArtifactId());
    }
    return GetContextsByArtifactResponse.newBuilder().addAllContexts(found).build();
  }

  /** NOT_FOUND when the execution belongs to no context, as the MLMD library answers. */
  public GetContextsByExecutionResponse getContextsByExecution(
      GetContextsByExecutionRequest request) {
    List<Context> found =
        db.read(
            sql ->
                contexts(
                    sql, relations.contextIdsOfExecution(sql, request.getExecutionId(), scope)));
    if (found.isEmpty()) {
      throw StoreException.notFound(
          "No contexts found for execution_id: " + request.getExecutionId());
    }
    return GetContextsByExecutionResponse.newBuilder().addAllContexts(found).build();
  }

  public GetParentContextsByContextResponse getParentContextsByContext(
      GetParentContextsByContextRequest request) {
    return GetParentContextsByContextResponse.newBuilder()
        .addAllContexts(
            db.read(sql -> linked(sql, List.of(request.getContextId()), true))
                .getOrDefault(request.getContextId(), List.of()))
        .build();
  }

  public GetChildrenContextsByContextResponse getChildrenContextsByContext(
      GetChildrenContextsByContextRequest request) {
    return GetChildrenContextsByContextResponse.newBuilder()
        .addAllContexts(
            db.read(sql -> linked(sql, List.of(request.getContextId()), false))
                .getOrDefault(request.getContextId(), List.of()))
        .build();
  }

  public GetParentContextsByContextsResponse getParentContextsByContexts(
      GetParentContextsByContextsRequest request) {
    requireContextIds(request.getContextIdsList());
    Map<Long, List<Context>> parents =
        db.read(sql -> linked(sql, request.getContextIdsList(), true));
    GetParentContextsByContextsResponse.Builder response =
        GetParentContextsByContextsResponse.newBuilder();
    parents.forEach(
        (child, found) ->
            response.putContexts(
                child,
                GetParentContextsByContextsResponse.ParentContextsPerChild.newBuilder()
                    .addAllParentContexts(found)
                    .build()));
    return response.build();
  }

  public GetChildrenContextsByContextsResponse getChildrenContextsByContexts(
      GetChildrenContextsByContextsRequest request) {
    requireContextIds(request.getContextIdsList());
    Map<Long, List<Context>> children =
        db.read(sql -> linked(sql, request.getContextIdsList(), false));
    GetChildrenContextsByContextsResponse.Builder response =
        GetChildrenContextsByContextsResponse.newBuilder();
    children.forEach(
        (parent, found) ->
            response.putContexts(
                parent,
                GetChildrenContextsByContextsResponse.ChildrenContextsPerParent.newBuilder()
                    .addAllChildrenContexts(found)
                    .build()));
    return response.build();
  }

  private static void requireContextIds(List<Long> contextIds) {
    if (contextIds.isEmpty()) {
      throw StoreException.invalidArgument("context_ids must not be empty");
    }
  }

  /**
   * For each given context, its parents ({@code parents}) or its children, in one query each way.
   */
  private Map<Long, List<Context>> linked(DSLContext sql, List<Long> contextIds, boolean parents) {
    Field<Long> from = parents ? PARENTCONTEXT.CONTEXT_ID : PARENTCONTEXT.PARENT_CONTEXT_ID;
    Field<Long> to = parents ? PARENTCONTEXT.PARENT_CONTEXT_ID : PARENTCONTEXT.CONTEXT_ID;
    var links =
        sql.select(from, to)
            .from(PARENTCONTEXT)
            .where(from.in(contextIds), scope.visible(NodeKind.CONTEXT, from))
            .fetch();
    Map<Long, Context> byId =
        contexts(sql, links.getValues(to)).stream()
            .collect(Collectors.toMap(Context::getId, Function.identity()));
    return links.stream()
        .filter(link -> byId.containsKey(link.value2()))
        .collect(
            Collectors.groupingBy(
                link -> link.value1(),
                Collectors.mapping(link -> byId.get(link.value2()), Collectors.toList())));
  }

  private List<Context> contexts(DSLContext sql, List<Long> ids) {
    return nodes.contexts.repository().byIds(sql, ids, scope).stream()
        .map(NodeMapper::toContext)
        .toList();
  }

  static void requireExists(DSLContext sql, NodeRepository repository, long id, String message) {
    if (!repository.exists(sql, id)) {
      throw StoreException.invalidArgument(message + id);
    }
  }
}
