package dev.mnemos.server.store;

import com.google.protobuf.Message;
import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.GetArtifactByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.GetArtifactByTypeAndNameResponse;
import dev.mnemos.proto.mlmd.GetArtifactsByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByExternalIdsResponse;
import dev.mnemos.proto.mlmd.GetArtifactsByIDRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByIDResponse;
import dev.mnemos.proto.mlmd.GetArtifactsByURIRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByURIResponse;
import dev.mnemos.proto.mlmd.GetContextByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.GetContextByTypeAndNameResponse;
import dev.mnemos.proto.mlmd.GetContextsByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetContextsByExternalIdsResponse;
import dev.mnemos.proto.mlmd.GetContextsByIDRequest;
import dev.mnemos.proto.mlmd.GetContextsByIDResponse;
import dev.mnemos.proto.mlmd.GetExecutionByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.GetExecutionByTypeAndNameResponse;
import dev.mnemos.proto.mlmd.GetExecutionsByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByExternalIdsResponse;
import dev.mnemos.proto.mlmd.GetExecutionsByIDRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByIDResponse;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.proto.mlmd.PutArtifactsResponse;
import dev.mnemos.proto.mlmd.PutContextsRequest;
import dev.mnemos.proto.mlmd.PutContextsResponse;
import dev.mnemos.proto.mlmd.PutExecutionsRequest;
import dev.mnemos.proto.mlmd.PutExecutionsResponse;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.schema.NodeTable;
import dev.mnemos.server.scope.ReadScope;
import dev.mnemos.server.store.NodeWriter.PutOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Field;

/**
 * The artifact, execution and context operations of the MLMD contract but listings ({@link
 * NodeListings}), each one transaction. Puts insert id-less nodes and update the others (ids
 * aligned with the request); lookups by id, type and name skip what is unknown, and what the scope
 * does not see; lookups by external id are NOT_FOUND when nothing visible matches.
 */
public final class NodeOperations {

  private final Database db;
  private final TypeService types;
  private final ReadScope scope;
  final NodeBinding<Artifact> artifacts;
  final NodeBinding<Execution> executions;
  final NodeBinding<Context> contexts;

  NodeOperations(Database db, TypeService types, ReadScope scope) {
    this.db = db;
    this.types = types;
    this.scope = scope;
    this.artifacts =
        NodeBinding.of(NodeTable.ARTIFACTS, types, NodeMapper::fromProto, NodeMapper::toArtifact);
    this.executions =
        NodeBinding.of(NodeTable.EXECUTIONS, types, NodeMapper::fromProto, NodeMapper::toExecution);
    this.contexts =
        NodeBinding.of(NodeTable.CONTEXTS, types, NodeMapper::fromProto, NodeMapper::toContext);
  }

  NodeBinding<?> binding(NodeKind kind) {
    return switch (kind) {
      case ARTIFACT -> artifacts;
      case EXECUTION -> executions;
      case CONTEXT -> contexts;
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Writes

  public PutArtifactsResponse putArtifacts(PutArtifactsRequest request) {
    PutOptions options =
        new PutOptions(
            request.getUpdateMask().getPathsList(),
            false,
            request.getOptions().getAbortIfLatestUpdatedTimeChanged());
    return PutArtifactsResponse.newBuilder()
        .addAllArtifactIds(put(artifacts, request.getArtifactsList(), options))
        .build();
  }

  public PutExecutionsResponse putExecutions(PutExecutionsRequest request) {
    PutOptions options = new PutOptions(request.getUpdateMask().getPathsList(), false, false);
    return PutExecutionsResponse.newBuilder()
        .addAllExecutionIds(put(executions, request.getExecutionsList(), options))
        .build();
  }

  public PutContextsResponse putContexts(PutContextsRequest request) {
    PutOptions options = new PutOptions(request.getUpdateMask().getPathsList(), false, false);
    return PutContextsResponse.newBuilder()
        .addAllContextIds(put(contexts, request.getContextsList(), options))
        .build();
  }

  private <P extends Message> List<Long> put(
      NodeBinding<P> kind, List<P> nodes, PutOptions options) {
    return db.write(
        tx -> {
          List<Long> ids = new ArrayList<>(nodes.size());
          for (P node : nodes) {
            ids.add(kind.writer().put(tx, kind.fromProto().apply(node), options));
          }
          return ids;
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Reads by id, type, name, URI and external id

  public GetArtifactsByIDResponse getArtifactsById(GetArtifactsByIDRequest request) {
    return db.read(
        sql -> {
          List<Node> found = artifacts.repository().byIds(sql, request.getArtifactIdsList(), scope);
          GetArtifactsByIDResponse.Builder response =
              GetArtifactsByIDResponse.newBuilder()
                  .addAllArtifacts(found.stream().map(NodeMapper::toArtifact).toList());
          if (request.getPopulateArtifactTypes()) {
            List<Long> typeIds = found.stream().map(Node::typeId).distinct().toList();
            types
                .byIds(sql, NodeKind.ARTIFACT, typeIds)
                .forEach(
                    type ->
                        // Like MLMD, the types that come with the artifacts carry no base_type.
                        response.addArtifactTypes(
                            TypeMapper.toArtifactType(type).toBuilder().clearBaseType()));
          }
          return response.build();
        });
  }

  public GetExecutionsByIDResponse getExecutionsById(GetExecutionsByIDRequest request) {
    return GetExecutionsByIDResponse.newBuilder()
        .addAllExecutions(byIds(executions, request.getExecutionIdsList()))
        .build();
  }

  public GetContextsByIDResponse getContextsById(GetContextsByIDRequest request) {
    return GetContextsByIDResponse.newBuilder()
        .addAllContexts(byIds(contexts, request.getContextIdsList()))
        .build();
  }

  private <P extends Message> List<P> byIds(NodeBinding<P> kind, List<Long> ids) {
    return db.read(
        sql -> kind.repository().byIds(sql, ids, scope).stream().map(kind.toProto()).toList());
  }

  public GetArtifactByTypeAndNameResponse getArtifactByTypeAndName(
      GetArtifactByTypeAndNameRequest request) {
    GetArtifactByTypeAndNameResponse.Builder response =
        GetArtifactByTypeAndNameResponse.newBuilder();
    byTypeAndName(
            artifacts, request.getTypeName(), request.getTypeVersion(), request.getArtifactName())
        .ifPresent(response::setArtifact);
    return response.build();
  }

  public GetExecutionByTypeAndNameResponse getExecutionByTypeAndName(
      GetExecutionByTypeAndNameRequest request) {
    GetExecutionByTypeAndNameResponse.Builder response =
        GetExecutionByTypeAndNameResponse.newBuilder();
    byTypeAndName(
            executions, request.getTypeName(), request.getTypeVersion(), request.getExecutionName())
        .ifPresent(response::setExecution);
    return response.build();
  }

  public GetContextByTypeAndNameResponse getContextByTypeAndName(
      GetContextByTypeAndNameRequest request) {
    GetContextByTypeAndNameResponse.Builder response = GetContextByTypeAndNameResponse.newBuilder();
    byTypeAndName(
            contexts, request.getTypeName(), request.getTypeVersion(), request.getContextName())
        .ifPresent(response::setContext);
    return response.build();
  }

  private <P extends Message> Optional<P> byTypeAndName(
      NodeBinding<P> kind, String typeName, String typeVersion, String name) {
    return db.read(
        sql -> {
          NodeTable t = kind.repository().table();
          return types
              .find(sql, t.kind(), typeName, typeVersion)
              .flatMap(
                  type ->
                      kind
                          .repository()
                          .load(
                              sql,
                              t.typeId().eq(type.id()).and(t.name().eq(name)).and(scope.visible(t)))
                          .stream()
                          .findFirst())
              .map(kind.toProto());
        });
  }

  public GetArtifactsByURIResponse getArtifactsByUri(GetArtifactsByURIRequest request) {
    if (request.getUnknownFields().hasField(1)) {
      throw StoreException.invalidArgument(
          "The request contains deprecated field `uri`. Server does not support it; use `uris`.");
    }
    List<String> uris = List.copyOf(new LinkedHashSet<>(request.getUrisList()));
    Field<String> uri = Objects.requireNonNull(NodeTable.ARTIFACTS.uri());
    List<Artifact> found =
        uris.isEmpty()
            ? List.of()
            : db.read(
                sql ->
                    artifacts
                        .repository()
                        .load(sql, uri.in(uris).and(scope.visible(NodeTable.ARTIFACTS)))
                        .stream()
                        .map(NodeMapper::toArtifact)
                        .toList());
    return GetArtifactsByURIResponse.newBuilder().addAllArtifacts(found).build();
  }

  public GetArtifactsByExternalIdsResponse getArtifactsByExternalIds(
      GetArtifactsByExternalIdsRequest request) {
    return GetArtifactsByExternalIdsResponse.newBuilder()
        .addAllArtifacts(byExternalIds(artifacts, request.getExternalIdsList()))
        .build();
  }

  public GetExecutionsByExternalIdsResponse getExecutionsByExternalIds(
      GetExecutionsByExternalIdsRequest request) {
    return GetExecutionsByExternalIdsResponse.newBuilder()
        .addAllExecutions(byExternalIds(executions, request.getExternalIdsList()))
        .build();
  }

  public GetContextsByExternalIdsResponse getContextsByExternalIds(
      GetContextsByExternalIdsRequest request) {
    return GetContextsByExternalIdsResponse.newBuilder()
        .addAllContexts(byExternalIds(contexts, request.getExternalIdsList()))
        .build();
  }

  private <P extends Message> List<P> byExternalIds(NodeBinding<P> kind, List<String> externalIds) {
    TypeService.requireNonEmptyExternalIds(externalIds);
    List<P> found =
        externalIds.isEmpty()
            ? List.of()
            : db.read(
                sql ->
                    kind
                        .repository()
                        .load(
                            sql,
                            kind.repository()
                                .table()
                                .externalId()
                                .in(externalIds)
                                .and(scope.visible(kind.repository().table())))
                        .stream()
                        .map(kind.toProto())
                        .toList());
    if (found.isEmpty()) {
      throw StoreException.notFound(
          "No " + kind.repository().table().label() + "s found for external_ids " + externalIds);
    }
    return found;
  }
}
