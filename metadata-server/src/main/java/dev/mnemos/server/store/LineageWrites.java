package dev.mnemos.server.store;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.PutExecutionRequest;
import dev.mnemos.proto.mlmd.PutExecutionResponse;
import dev.mnemos.proto.mlmd.PutLineageSubgraphRequest;
import dev.mnemos.proto.mlmd.PutLineageSubgraphResponse;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.schema.NodeTable;
import dev.mnemos.server.store.NodeWriter.PutOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * The atomic multi-node writes of the MLMD contract: PutExecution records one execution with its
 * artifacts, events and contexts; PutLineageSubgraph records many of each with the events between
 * them. Either all of a call is stored, or none of it.
 */
public final class LineageWrites {

  private final Database db;
  private final NodeOperations nodes;
  private final RelationOperations relations;

  LineageWrites(Database db, NodeOperations nodes, RelationOperations relations) {
    this.db = db;
    this.nodes = nodes;
    this.relations = relations;
  }

  public PutExecutionResponse putExecution(PutExecutionRequest request) {
    PutExecutionRequest.Options options = request.getOptions();
    return db.write(
        tx -> {
          DSLContext sql = tx.sql();
          long now = System.currentTimeMillis();
          PutExecutionResponse.Builder response = PutExecutionResponse.newBuilder();
          // KFP names a step's inputs and its contexts by id: each is read in one query.
          nodes
              .artifacts
              .writer()
              .prefetch(
                  tx,
                  request.getArtifactEventPairsList().stream()
                      .filter(pair -> pair.hasArtifact() && pair.getArtifact().hasId())
                      .map(pair -> pair.getArtifact().getId())
                      .collect(Collectors.toSet()));
          if (!options.getForceReuseContext()) {
            nodes
                .contexts
                .writer()
                .prefetch(
                    tx,
                    request.getContextsList().stream()
                        .filter(Context::hasId)
                        .map(Context::getId)
                        .collect(Collectors.toSet()));
          }
          List<Long> artifactIds = new ArrayList<>();
          for (PutExecutionRequest.ArtifactAndEvent pair : request.getArtifactEventPairsList()) {
            if (pair.hasArtifact()) {
              artifactIds.add(
                  putArtifact(
                      tx,
                      pair.getArtifact(),
                      options.getReuseArtifactIfAlreadyExistByExternalId()));
            } else {
              // Like the library: a pair with only an event reports the event's artifact, else -1.
              artifactIds.add(
                  pair.getEvent().hasArtifactId() ? pair.getEvent().getArtifactId() : -1L);
            }
          }
          response.addAllArtifactIds(artifactIds);
          long executionId =
              nodes
                  .executions
                  .writer()
                  .put(
                      tx,
                      NodeMapper.fromProto(request.getExecution()),
                      new PutOptions(List.of(), options.getForceUpdateTime(), false));
          response.setExecutionId(executionId);
          List<Event> events = new ArrayList<>();
          try {
            for (int i = 0; i < request.getArtifactEventPairsCount(); i++) {
              PutExecutionRequest.ArtifactAndEvent pair = request.getArtifactEventPairs(i);
              if (pair.hasEvent()) {
                events.add(eventOf(pair, executionId, artifactIds.get(i)));
              }
            }
          } catch (StoreException invalid) {
            // Inserted one by one, a repeat among the events before the invalid one is the
            // answer (ALREADY_EXISTS); the batch keeps that order of errors.
            relations.events().insertAll(tx, events, now);
            throw invalid;
          }
          relations.events().insertAll(tx, events, now);
          Set<Long> memberArtifacts = new LinkedHashSet<>();
          artifactIds.stream().filter(id -> id > 0).forEach(memberArtifacts::add);
          List<Long> contextIds = new ArrayList<>();
          for (Context context : request.getContextsList()) {
            contextIds.add(
                putContext(
                    tx,
                    context,
                    options.getReuseContextIfAlreadyExist(),
                    options.getForceReuseContext()));
          }
          response.addAllContextIds(contextIds);
          relations.relations().associate(tx, contextIds, List.of(executionId));
          relations.relations().attribute(tx, contextIds, memberArtifacts);
          return response.build();
        });
  }

  public PutLineageSubgraphResponse putLineageSubgraph(PutLineageSubgraphRequest request) {
    for (PutLineageSubgraphRequest.EventEdge edge : request.getEventEdgesList()) {
      validateEdge(edge, request);
    }
    PutLineageSubgraphRequest.Options options = request.getOptions();
    return db.write(
        tx -> {
          DSLContext sql = tx.sql();
          long now = System.currentTimeMillis();
          // Like MLMD, every node, new or not, is checked before anything is written: artifacts
          // first,
          // then executions, then contexts.
          nodes
              .artifacts
              .writer()
              .validateInserts(sql, asData(request.getArtifactsList(), NodeMapper::fromProto));
          nodes
              .executions
              .writer()
              .validateInserts(sql, asData(request.getExecutionsList(), NodeMapper::fromProto));
          nodes
              .contexts
              .writer()
              .validateInserts(sql, asData(request.getContextsList(), NodeMapper::fromProto));
          List<Long> contextIds = new ArrayList<>();
          for (Context context : request.getContextsList()) {
            contextIds.add(putContext(tx, context, options.getReuseContextIfAlreadyExist(), false));
          }
          List<Long> artifactIds = new ArrayList<>();
          for (Artifact artifact : request.getArtifactsList()) {
            artifactIds.add(
                putArtifact(tx, artifact, options.getReuseArtifactIfAlreadyExistByExternalId()));
          }
          List<Long> executionIds = new ArrayList<>();
          for (Execution execution : request.getExecutionsList()) {
            executionIds.add(
                nodes
                    .executions
                    .writer()
                    .put(tx, NodeMapper.fromProto(execution), PutOptions.DEFAULT));
          }
          relations.relations().associate(tx, contextIds, executionIds);
          relations.relations().attribute(tx, contextIds, artifactIds);
          List<Event> events = new ArrayList<>();
          try {
            for (PutLineageSubgraphRequest.EventEdge edge : request.getEventEdgesList()) {
              Event.Builder event = edge.getEvent().toBuilder();
              if (edge.hasExecutionIndex()) {
                event.setExecutionId(executionIds.get(edge.getExecutionIndex()));
              }
              if (edge.hasArtifactIndex()) {
                event.setArtifactId(artifactIds.get(edge.getArtifactIndex()));
              }
              RelationOperations.validateEvent(event.build());
              events.add(event.build());
            }
          } catch (StoreException invalid) {
            relations.events().insertAll(tx, events, now); // a repeat before it answers first
            throw invalid;
          }
          relations.events().insertAll(tx, events, now);
          return PutLineageSubgraphResponse.newBuilder()
              .addAllExecutionIds(executionIds)
              .addAllArtifactIds(artifactIds)
              .addAllContextIds(contextIds)
              .build();
        });
  }

  /** A pair's event with the call's execution and the pair's artifact, validated. */
  private static Event eventOf(
      PutExecutionRequest.ArtifactAndEvent pair, long executionId, long artifactId) {
    Event.Builder event = pair.getEvent().toBuilder();
    if (event.hasExecutionId() && event.getExecutionId() != executionId) {
      throw StoreException.invalidArgument(
          "Request's event.execution_id does not match with the given execution: "
              + event.getExecutionId());
    }
    event.setExecutionId(executionId);
    if (pair.hasArtifact()) {
      if (event.hasArtifactId() && event.getArtifactId() != artifactId) {
        throw StoreException.invalidArgument(
            "Request's event.artifact_id does not match with the paired artifact: "
                + event.getArtifactId());
      }
      event.setArtifactId(artifactId);
    } else if (!event.hasArtifactId()) {
      throw StoreException.invalidArgument(
          "If no artifact is present, given event must have an artifact_id.");
    }
    RelationOperations.validateEvent(event.build());
    return event.build();
  }

  private static <P> List<Node> asData(List<P> protos, Function<P, Node> toData) {
    return protos.stream().map(toData).toList();
  }

  private static void validateEdge(
      PutLineageSubgraphRequest.EventEdge edge, PutLineageSubgraphRequest request) {
    if (!edge.hasEvent()) {
      throw StoreException.invalidArgument("Event edges must have an event.");
    }
    Event event = edge.getEvent();
    if (edge.hasExecutionIndex()) {
      int index = edge.getExecutionIndex();
      if (index < 0 || index >= request.getExecutionsCount()) {
        throw new StoreException(
            ErrorCode.OUT_OF_RANGE, "Event edge has an execution_index out of range: " + index);
      }
      Execution execution = request.getExecutions(index);
      if (event.hasExecutionId()
          && (!execution.hasId() || execution.getId() != event.getExecutionId())) {
        throw StoreException.invalidArgument(
            "Event edge's event.execution_id does not match the execution at execution_index "
                + index);
      }
    } else if (!event.hasExecutionId()) {
      throw StoreException.invalidArgument(
          "Event edge needs an execution_index or an event.execution_id.");
    }
    if (edge.hasArtifactIndex()) {
      int index = edge.getArtifactIndex();
      if (index < 0 || index >= request.getArtifactsCount()) {
        throw new StoreException(
            ErrorCode.OUT_OF_RANGE, "Event edge has an artifact_index out of range: " + index);
      }
      Artifact artifact = request.getArtifacts(index);
      if (event.hasArtifactId()
          && (!artifact.hasId() || artifact.getId() != event.getArtifactId())) {
        throw StoreException.invalidArgument(
            "Event edge's event.artifact_id does not match the artifact at artifact_index "
                + index);
      }
    } else if (!event.hasArtifactId()) {
      throw StoreException.invalidArgument(
          "Event edge needs an artifact_index or an event.artifact_id.");
    }
  }

  /**
   * With reuse by external id, an id-less artifact whose external id is stored updates that row.
   */
  private long putArtifact(WriteTransaction tx, Artifact artifact, boolean reuseByExternalId) {
    Node node = NodeMapper.fromProto(artifact);
    if (reuseByExternalId
        && node.id() == null
        && node.externalId() != null
        && !node.externalId().isEmpty()) {
      Long existing =
          nodes
              .artifacts
              .repository()
              .idsByExternalId(tx.sql(), List.of(node.externalId()))
              .get(node.externalId());
      if (existing != null) {
        node = NodeMapper.fromProto(artifact.toBuilder().setId(existing).build());
      }
    }
    return nodes.artifacts.writer().put(tx, node, PutOptions.DEFAULT);
  }

  private long putContext(
      WriteTransaction tx, Context context, boolean reuseIfExists, boolean forceReuse) {
    DSLContext sql = tx.sql();
    NodeRepository contexts = nodes.contexts.repository();
    // Like MLMD, each context is checked when its turn comes, after the execution was written.
    if (!(context.hasId() && forceReuse) && !context.hasTypeId()) {
      throw StoreException.invalidArgument("Context is missing a type_id: " + context.getName());
    }
    if (context.hasId() && forceReuse) {
      if (!contexts.exists(sql, context.getId())) {
        throw StoreException.notFound("Context with id " + context.getId() + " does not exist");
      }
      return context.getId();
    }
    if (!context.hasId() && reuseIfExists) {
      if (!context.hasTypeId() || context.getName().isEmpty()) {
        throw StoreException.invalidArgument("Context needs a type_id and a name.");
      }
      Optional<Long> existing =
          contexts
              .load(
                  sql,
                  NodeTable.CONTEXTS
                      .typeId()
                      .eq(context.getTypeId())
                      .and(NodeTable.CONTEXTS.name().eq(context.getName())))
              .stream()
              .map(Node::id)
              .findFirst();
      if (existing.isPresent()) {
        return existing.get();
      }
      try {
        return nodes.contexts.writer().insert(tx, NodeMapper.fromProto(context));
      } catch (StoreException e) {
        if (e.code() == ErrorCode.ALREADY_EXISTS) {
          // Another server created it since the lookup: tried again, the write finds and reuses it.
          throw new ConcurrentWriteConflict(
              "concurrent creation of the same context " + context.getName(), e);
        }
        throw e;
      }
    }
    // An update compares the given type_id with the stored one first, as PutContexts does.
    return nodes.contexts.writer().put(tx, NodeMapper.fromProto(context), PutOptions.DEFAULT);
  }
}
