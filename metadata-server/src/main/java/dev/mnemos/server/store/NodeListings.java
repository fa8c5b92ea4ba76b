package dev.mnemos.server.store;

import static dev.mnemos.migrations.jooq.Tables.ASSOCIATION;
import static dev.mnemos.migrations.jooq.Tables.ATTRIBUTION;

import com.google.protobuf.Message;
import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.GetArtifactsByContextRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByContextResponse;
import dev.mnemos.proto.mlmd.GetArtifactsByTypeRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByTypeResponse;
import dev.mnemos.proto.mlmd.GetArtifactsRequest;
import dev.mnemos.proto.mlmd.GetArtifactsResponse;
import dev.mnemos.proto.mlmd.GetContextsByTypeRequest;
import dev.mnemos.proto.mlmd.GetContextsByTypeResponse;
import dev.mnemos.proto.mlmd.GetContextsRequest;
import dev.mnemos.proto.mlmd.GetContextsResponse;
import dev.mnemos.proto.mlmd.GetExecutionsByContextRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByContextResponse;
import dev.mnemos.proto.mlmd.GetExecutionsByTypeRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByTypeResponse;
import dev.mnemos.proto.mlmd.GetExecutionsRequest;
import dev.mnemos.proto.mlmd.GetExecutionsResponse;
import dev.mnemos.proto.mlmd.ListOperationOptions;
import dev.mnemos.server.model.NodeType;
import dev.mnemos.server.scope.ReadScope;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * MLMD's listings of artifacts, executions and contexts: all of a kind, of a type, of a context;
 * without options every node, with options one page ({@link PageQuery}). Each keeps to the nodes
 * its scope sees, and so do the neighbours its filter names.
 */
public final class NodeListings {

  private final Database db;
  private final TypeService types;
  private final ReadScope scope;
  private final NodeBinding<Artifact> artifacts;
  private final NodeBinding<Execution> executions;
  private final NodeBinding<Context> contexts;

  NodeListings(Database db, TypeService types, NodeOperations nodes, ReadScope scope) {
    this.db = db;
    this.types = types;
    this.scope = scope;
    this.artifacts = nodes.artifacts;
    this.executions = nodes.executions;
    this.contexts = nodes.contexts;
  }

  public GetArtifactsByTypeResponse getArtifactsByType(GetArtifactsByTypeRequest request) {
    GetArtifactsByTypeResponse.Builder response = GetArtifactsByTypeResponse.newBuilder();
    byType(
            artifacts,
            request.getTypeName(),
            request.getTypeVersion(),
            options(request.hasOptions(), request.getOptions()))
        .into(response::addAllArtifacts, response::setNextPageToken);
    return response.build();
  }

  public GetExecutionsByTypeResponse getExecutionsByType(GetExecutionsByTypeRequest request) {
    GetExecutionsByTypeResponse.Builder response = GetExecutionsByTypeResponse.newBuilder();
    byType(
            executions,
            request.getTypeName(),
            request.getTypeVersion(),
            options(request.hasOptions(), request.getOptions()))
        .into(response::addAllExecutions, response::setNextPageToken);
    return response.build();
  }

  public GetContextsByTypeResponse getContextsByType(GetContextsByTypeRequest request) {
    GetContextsByTypeResponse.Builder response = GetContextsByTypeResponse.newBuilder();
    byType(
            contexts,
            request.getTypeName(),
            request.getTypeVersion(),
            options(request.hasOptions(), request.getOptions()))
        .into(response::addAllContexts, response::setNextPageToken);
    return response.build();
  }

  /** An unknown type is an empty answer, not an error; with options the token is always set. */
  private <P extends Message> Listing<P> byType(
      NodeBinding<P> kind,
      String typeName,
      String typeVersion,
      Optional<ListOperationOptions> options) {
    return db.read(
        sql -> {
          Optional<NodeType> type =
              types.find(sql, kind.repository().table().kind(), typeName, typeVersion);
          if (type.isEmpty()) {
            return new Listing<P>(List.of(), options.map(o -> ""));
          }
          Condition ofType = kind.repository().table().typeId().eq(type.get().id());
          return list(sql, kind, ofType, options, true);
        });
  }

  public GetArtifactsResponse getArtifacts(GetArtifactsRequest request) {
    GetArtifactsResponse.Builder response = GetArtifactsResponse.newBuilder();
    listAll(artifacts, options(request.hasOptions(), request.getOptions()))
        .into(response::addAllArtifacts, response::setNextPageToken);
    return response.build();
  }

  public GetExecutionsResponse getExecutions(GetExecutionsRequest request) {
    GetExecutionsResponse.Builder response = GetExecutionsResponse.newBuilder();
    listAll(executions, options(request.hasOptions(), request.getOptions()))
        .into(response::addAllExecutions, response::setNextPageToken);
    return response.build();
  }

  public GetContextsResponse getContexts(GetContextsRequest request) {
    GetContextsResponse.Builder response = GetContextsResponse.newBuilder();
    listAll(contexts, options(request.hasOptions(), request.getOptions()))
        .into(response::addAllContexts, response::setNextPageToken);
    return response.build();
  }

  public GetArtifactsByContextResponse getArtifactsByContext(GetArtifactsByContextRequest request) {
    GetArtifactsByContextResponse.Builder response = GetArtifactsByContextResponse.newBuilder();
    byContext(
            artifacts,
            ATTRIBUTION,
            ATTRIBUTION.CONTEXT_ID,
            ATTRIBUTION.ARTIFACT_ID,
            request.getContextId(),
            options(request.hasOptions(), request.getOptions()))
        .into(response::addAllArtifacts, response::setNextPageToken);
    return response.build();
  }

  public GetExecutionsByContextResponse getExecutionsByContext(
      GetExecutionsByContextRequest request) {
    GetExecutionsByContextResponse.Builder response = GetExecutionsByContextResponse.newBuilder();
    byContext(
            executions,
            ASSOCIATION,
            ASSOCIATION.CONTEXT_ID,
            ASSOCIATION.EXECUTION_ID,
            request.getContextId(),
            options(request.hasOptions(), request.getOptions()))
        .into(response::addAllExecutions, response::setNextPageToken);
    return response.build();
  }

  /**
   * The members of a context. Like MLMD, a context without members answers empty before the options
   * (and their filter) are looked at.
   */
  private <P extends Message> Listing<P> byContext(
      NodeBinding<P> kind,
      Table<?> link,
      Field<Long> linkContext,
      Field<Long> linkNode,
      long contextId,
      Optional<ListOperationOptions> options) {
    return db.read(
        sql -> {
          NodeKind memberKind = kind.repository().table().kind();
          Condition visibleLink =
              linkContext
                  .eq(contextId)
                  .and(scope.visible(NodeKind.CONTEXT, linkContext))
                  .and(scope.visible(memberKind, linkNode));
          if (!sql.fetchExists(DSL.selectOne().from(link).where(visibleLink))) {
            return new Listing<P>(List.of(), Optional.empty());
          }
          Condition members =
              kind.repository()
                  .table()
                  .id()
                  .in(DSL.select(linkNode).from(link).where(linkContext.eq(contextId)));
          return list(sql, kind, members, options, false);
        });
  }

  private static Optional<ListOperationOptions> options(
      boolean given, ListOperationOptions options) {
    return given ? Optional.of(options) : Optional.empty();
  }

  private <P extends Message> Listing<P> listAll(
      NodeBinding<P> kind, Optional<ListOperationOptions> options) {
    return db.read(sql -> list(sql, kind, DSL.trueCondition(), options, false));
  }

  /** Nodes of a listing and, when options were given, the next page token. */
  private record Listing<P>(List<P> nodes, Optional<String> nextPageToken) {

    /** Puts the nodes, and the token when there is one, into a response. */
    void into(Consumer<List<P>> addNodes, Consumer<String> setToken) {
      addNodes.accept(nodes);
      nextPageToken.ifPresent(setToken);
    }
  }

  private <P extends Message> Listing<P> list(
      DSLContext sql,
      NodeBinding<P> kind,
      Condition matching,
      Optional<ListOperationOptions> options,
      boolean alwaysToken) {
    Condition visible = matching.and(scope.visible(kind.repository().table()));
    if (options.isEmpty()) {
      return new Listing<>(
          kind.repository().load(sql, visible).stream().map(kind.toProto()).toList(),
          Optional.empty());
    }
    Page page = PageQuery.list(sql, kind.repository(), visible, scope, options.get());
    List<P> nodes = page.nodes().stream().map(kind.toProto()).toList();
    boolean withToken = alwaysToken || !page.nextPageToken().isEmpty();
    return new Listing<>(nodes, withToken ? Optional.of(page.nextPageToken()) : Optional.empty());
  }
}
