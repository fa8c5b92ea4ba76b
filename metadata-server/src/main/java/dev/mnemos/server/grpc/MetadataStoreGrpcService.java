package dev.mnemos.server.grpc;

import dev.mnemos.proto.mlmd.GetArtifactByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.GetArtifactByTypeAndNameResponse;
import dev.mnemos.proto.mlmd.GetArtifactTypeRequest;
import dev.mnemos.proto.mlmd.GetArtifactTypeResponse;
import dev.mnemos.proto.mlmd.GetArtifactTypesByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetArtifactTypesByExternalIdsResponse;
import dev.mnemos.proto.mlmd.GetArtifactTypesByIDRequest;
import dev.mnemos.proto.mlmd.GetArtifactTypesByIDResponse;
import dev.mnemos.proto.mlmd.GetArtifactTypesRequest;
import dev.mnemos.proto.mlmd.GetArtifactTypesResponse;
import dev.mnemos.proto.mlmd.GetArtifactsByContextRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByContextResponse;
import dev.mnemos.proto.mlmd.GetArtifactsByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByExternalIdsResponse;
import dev.mnemos.proto.mlmd.GetArtifactsByIDRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByIDResponse;
import dev.mnemos.proto.mlmd.GetArtifactsByTypeRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByTypeResponse;
import dev.mnemos.proto.mlmd.GetArtifactsByURIRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByURIResponse;
import dev.mnemos.proto.mlmd.GetArtifactsRequest;
import dev.mnemos.proto.mlmd.GetArtifactsResponse;
import dev.mnemos.proto.mlmd.GetChildrenContextsByContextRequest;
import dev.mnemos.proto.mlmd.GetChildrenContextsByContextResponse;
import dev.mnemos.proto.mlmd.GetChildrenContextsByContextsRequest;
import dev.mnemos.proto.mlmd.GetChildrenContextsByContextsResponse;
import dev.mnemos.proto.mlmd.GetContextByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.GetContextByTypeAndNameResponse;
import dev.mnemos.proto.mlmd.GetContextTypeRequest;
import dev.mnemos.proto.mlmd.GetContextTypeResponse;
import dev.mnemos.proto.mlmd.GetContextTypesByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetContextTypesByExternalIdsResponse;
import dev.mnemos.proto.mlmd.GetContextTypesByIDRequest;
import dev.mnemos.proto.mlmd.GetContextTypesByIDResponse;
import dev.mnemos.proto.mlmd.GetContextTypesRequest;
import dev.mnemos.proto.mlmd.GetContextTypesResponse;
import dev.mnemos.proto.mlmd.GetContextsByArtifactRequest;
import dev.mnemos.proto.mlmd.GetContextsByArtifactResponse;
import dev.mnemos.proto.mlmd.GetContextsByExecutionRequest;
import dev.mnemos.proto.mlmd.GetContextsByExecutionResponse;
import dev.mnemos.proto.mlmd.GetContextsByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetContextsByExternalIdsResponse;
import dev.mnemos.proto.mlmd.GetContextsByIDRequest;
import dev.mnemos.proto.mlmd.GetContextsByIDResponse;
import dev.mnemos.proto.mlmd.GetContextsByTypeRequest;
import dev.mnemos.proto.mlmd.GetContextsByTypeResponse;
import dev.mnemos.proto.mlmd.GetContextsRequest;
import dev.mnemos.proto.mlmd.GetContextsResponse;
import dev.mnemos.proto.mlmd.GetEventsByArtifactIDsRequest;
import dev.mnemos.proto.mlmd.GetEventsByArtifactIDsResponse;
import dev.mnemos.proto.mlmd.GetEventsByExecutionIDsRequest;
import dev.mnemos.proto.mlmd.GetEventsByExecutionIDsResponse;
import dev.mnemos.proto.mlmd.GetExecutionByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.GetExecutionByTypeAndNameResponse;
import dev.mnemos.proto.mlmd.GetExecutionTypeRequest;
import dev.mnemos.proto.mlmd.GetExecutionTypeResponse;
import dev.mnemos.proto.mlmd.GetExecutionTypesByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetExecutionTypesByExternalIdsResponse;
import dev.mnemos.proto.mlmd.GetExecutionTypesByIDRequest;
import dev.mnemos.proto.mlmd.GetExecutionTypesByIDResponse;
import dev.mnemos.proto.mlmd.GetExecutionTypesRequest;
import dev.mnemos.proto.mlmd.GetExecutionTypesResponse;
import dev.mnemos.proto.mlmd.GetExecutionsByContextRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByContextResponse;
import dev.mnemos.proto.mlmd.GetExecutionsByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByExternalIdsResponse;
import dev.mnemos.proto.mlmd.GetExecutionsByIDRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByIDResponse;
import dev.mnemos.proto.mlmd.GetExecutionsByTypeRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByTypeResponse;
import dev.mnemos.proto.mlmd.GetExecutionsRequest;
import dev.mnemos.proto.mlmd.GetExecutionsResponse;
import dev.mnemos.proto.mlmd.GetLineageGraphRequest;
import dev.mnemos.proto.mlmd.GetLineageGraphResponse;
import dev.mnemos.proto.mlmd.GetLineageSubgraphRequest;
import dev.mnemos.proto.mlmd.GetLineageSubgraphResponse;
import dev.mnemos.proto.mlmd.GetParentContextsByContextRequest;
import dev.mnemos.proto.mlmd.GetParentContextsByContextResponse;
import dev.mnemos.proto.mlmd.GetParentContextsByContextsRequest;
import dev.mnemos.proto.mlmd.GetParentContextsByContextsResponse;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutArtifactTypeResponse;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.proto.mlmd.PutArtifactsResponse;
import dev.mnemos.proto.mlmd.PutAttributionsAndAssociationsRequest;
import dev.mnemos.proto.mlmd.PutAttributionsAndAssociationsResponse;
import dev.mnemos.proto.mlmd.PutContextTypeRequest;
import dev.mnemos.proto.mlmd.PutContextTypeResponse;
import dev.mnemos.proto.mlmd.PutContextsRequest;
import dev.mnemos.proto.mlmd.PutContextsResponse;
import dev.mnemos.proto.mlmd.PutEventsRequest;
import dev.mnemos.proto.mlmd.PutEventsResponse;
import dev.mnemos.proto.mlmd.PutExecutionRequest;
import dev.mnemos.proto.mlmd.PutExecutionResponse;
import dev.mnemos.proto.mlmd.PutExecutionTypeRequest;
import dev.mnemos.proto.mlmd.PutExecutionTypeResponse;
import dev.mnemos.proto.mlmd.PutExecutionsRequest;
import dev.mnemos.proto.mlmd.PutExecutionsResponse;
import dev.mnemos.proto.mlmd.PutLineageSubgraphRequest;
import dev.mnemos.proto.mlmd.PutLineageSubgraphResponse;
import dev.mnemos.proto.mlmd.PutParentContextsRequest;
import dev.mnemos.proto.mlmd.PutParentContextsResponse;
import dev.mnemos.proto.mlmd.PutTypesRequest;
import dev.mnemos.proto.mlmd.PutTypesResponse;
import dev.mnemos.server.store.MetadataStore;
import dev.mnemos.server.tenancy.ReadScopes;
import io.grpc.stub.StreamObserver;

/**
 * `ml_metadata.MetadataStoreService` over gRPC: every RPC is handed to the {@link MetadataStore}
 * unchanged; {@link Calls} turns store errors into gRPC statuses. Reads go to the store as the
 * caller's scope sees it ({@link ReadScopes}).
 *
 * <p>As long as MLMD's service is wide: one three-line method per RPC (some fifty), nothing else.
 * Splitting it would spread one generated base class over several.
 */
public final class MetadataStoreGrpcService
    extends MetadataStoreServiceGrpc.MetadataStoreServiceImplBase {

  private final MetadataStore store;
  private final ReadScopes scopes;

  public MetadataStoreGrpcService(MetadataStore store, ReadScopes scopes) {
    this.store = store;
    this.scopes = scopes;
  }

  /** The store as this call's caller may read it; inside {@link Calls#unary} only. */
  private MetadataStore reads() {
    return store.scopedTo(scopes.of(CallerInterceptor.current()));
  }

  @Override
  public void putArtifactType(
      PutArtifactTypeRequest request, StreamObserver<PutArtifactTypeResponse> observer) {
    Calls.unary(observer, () -> store.types().putArtifactType(request));
  }

  @Override
  public void putExecutionType(
      PutExecutionTypeRequest request, StreamObserver<PutExecutionTypeResponse> observer) {
    Calls.unary(observer, () -> store.types().putExecutionType(request));
  }

  @Override
  public void putContextType(
      PutContextTypeRequest request, StreamObserver<PutContextTypeResponse> observer) {
    Calls.unary(observer, () -> store.types().putContextType(request));
  }

  @Override
  public void putTypes(PutTypesRequest request, StreamObserver<PutTypesResponse> observer) {
    Calls.unary(observer, () -> store.types().putTypes(request));
  }

  @Override
  public void putArtifacts(
      PutArtifactsRequest request, StreamObserver<PutArtifactsResponse> observer) {
    Calls.unary(observer, () -> store.nodes().putArtifacts(request));
  }

  @Override
  public void putExecutions(
      PutExecutionsRequest request, StreamObserver<PutExecutionsResponse> observer) {
    Calls.unary(observer, () -> store.nodes().putExecutions(request));
  }

  @Override
  public void putEvents(PutEventsRequest request, StreamObserver<PutEventsResponse> observer) {
    Calls.unary(observer, () -> store.relations().putEvents(request));
  }

  @Override
  public void putExecution(
      PutExecutionRequest request, StreamObserver<PutExecutionResponse> observer) {
    Calls.unary(observer, () -> store.lineageWrites().putExecution(request));
  }

  @Override
  public void putLineageSubgraph(
      PutLineageSubgraphRequest request, StreamObserver<PutLineageSubgraphResponse> observer) {
    Calls.unary(observer, () -> store.lineageWrites().putLineageSubgraph(request));
  }

  @Override
  public void putContexts(
      PutContextsRequest request, StreamObserver<PutContextsResponse> observer) {
    Calls.unary(observer, () -> store.nodes().putContexts(request));
  }

  @Override
  public void putAttributionsAndAssociations(
      PutAttributionsAndAssociationsRequest request,
      StreamObserver<PutAttributionsAndAssociationsResponse> observer) {
    Calls.unary(observer, () -> store.relations().putAttributionsAndAssociations(request));
  }

  @Override
  public void putParentContexts(
      PutParentContextsRequest request, StreamObserver<PutParentContextsResponse> observer) {
    Calls.unary(observer, () -> store.relations().putParentContexts(request));
  }

  @Override
  public void getArtifactType(
      GetArtifactTypeRequest request, StreamObserver<GetArtifactTypeResponse> observer) {
    Calls.unary(observer, () -> reads().types().getArtifactType(request));
  }

  @Override
  public void getArtifactTypesByID(
      GetArtifactTypesByIDRequest request, StreamObserver<GetArtifactTypesByIDResponse> observer) {
    Calls.unary(observer, () -> reads().types().getArtifactTypesById(request));
  }

  @Override
  public void getArtifactTypes(
      GetArtifactTypesRequest request, StreamObserver<GetArtifactTypesResponse> observer) {
    Calls.unary(observer, () -> reads().types().getArtifactTypes(request));
  }

  @Override
  public void getExecutionType(
      GetExecutionTypeRequest request, StreamObserver<GetExecutionTypeResponse> observer) {
    Calls.unary(observer, () -> reads().types().getExecutionType(request));
  }

  @Override
  public void getExecutionTypesByID(
      GetExecutionTypesByIDRequest request,
      StreamObserver<GetExecutionTypesByIDResponse> observer) {
    Calls.unary(observer, () -> reads().types().getExecutionTypesById(request));
  }

  @Override
  public void getExecutionTypes(
      GetExecutionTypesRequest request, StreamObserver<GetExecutionTypesResponse> observer) {
    Calls.unary(observer, () -> reads().types().getExecutionTypes(request));
  }

  @Override
  public void getContextType(
      GetContextTypeRequest request, StreamObserver<GetContextTypeResponse> observer) {
    Calls.unary(observer, () -> reads().types().getContextType(request));
  }

  @Override
  public void getContextTypesByID(
      GetContextTypesByIDRequest request, StreamObserver<GetContextTypesByIDResponse> observer) {
    Calls.unary(observer, () -> reads().types().getContextTypesById(request));
  }

  @Override
  public void getContextTypes(
      GetContextTypesRequest request, StreamObserver<GetContextTypesResponse> observer) {
    Calls.unary(observer, () -> reads().types().getContextTypes(request));
  }

  @Override
  public void getArtifacts(
      GetArtifactsRequest request, StreamObserver<GetArtifactsResponse> observer) {
    Calls.unary(observer, () -> reads().listings().getArtifacts(request));
  }

  @Override
  public void getExecutions(
      GetExecutionsRequest request, StreamObserver<GetExecutionsResponse> observer) {
    Calls.unary(observer, () -> reads().listings().getExecutions(request));
  }

  @Override
  public void getContexts(
      GetContextsRequest request, StreamObserver<GetContextsResponse> observer) {
    Calls.unary(observer, () -> reads().listings().getContexts(request));
  }

  @Override
  public void getArtifactsByID(
      GetArtifactsByIDRequest request, StreamObserver<GetArtifactsByIDResponse> observer) {
    Calls.unary(observer, () -> reads().nodes().getArtifactsById(request));
  }

  @Override
  public void getExecutionsByID(
      GetExecutionsByIDRequest request, StreamObserver<GetExecutionsByIDResponse> observer) {
    Calls.unary(observer, () -> reads().nodes().getExecutionsById(request));
  }

  @Override
  public void getContextsByID(
      GetContextsByIDRequest request, StreamObserver<GetContextsByIDResponse> observer) {
    Calls.unary(observer, () -> reads().nodes().getContextsById(request));
  }

  @Override
  public void getArtifactsByType(
      GetArtifactsByTypeRequest request, StreamObserver<GetArtifactsByTypeResponse> observer) {
    Calls.unary(observer, () -> reads().listings().getArtifactsByType(request));
  }

  @Override
  public void getExecutionsByType(
      GetExecutionsByTypeRequest request, StreamObserver<GetExecutionsByTypeResponse> observer) {
    Calls.unary(observer, () -> reads().listings().getExecutionsByType(request));
  }

  @Override
  public void getContextsByType(
      GetContextsByTypeRequest request, StreamObserver<GetContextsByTypeResponse> observer) {
    Calls.unary(observer, () -> reads().listings().getContextsByType(request));
  }

  @Override
  public void getArtifactByTypeAndName(
      GetArtifactByTypeAndNameRequest request,
      StreamObserver<GetArtifactByTypeAndNameResponse> observer) {
    Calls.unary(observer, () -> reads().nodes().getArtifactByTypeAndName(request));
  }

  @Override
  public void getExecutionByTypeAndName(
      GetExecutionByTypeAndNameRequest request,
      StreamObserver<GetExecutionByTypeAndNameResponse> observer) {
    Calls.unary(observer, () -> reads().nodes().getExecutionByTypeAndName(request));
  }

  @Override
  public void getContextByTypeAndName(
      GetContextByTypeAndNameRequest request,
      StreamObserver<GetContextByTypeAndNameResponse> observer) {
    Calls.unary(observer, () -> reads().nodes().getContextByTypeAndName(request));
  }

  @Override
  public void getArtifactsByURI(
      GetArtifactsByURIRequest request, StreamObserver<GetArtifactsByURIResponse> observer) {
    Calls.unary(observer, () -> reads().nodes().getArtifactsByUri(request));
  }

  @Override
  public void getEventsByExecutionIDs(
      GetEventsByExecutionIDsRequest request,
      StreamObserver<GetEventsByExecutionIDsResponse> observer) {
    Calls.unary(observer, () -> reads().relations().getEventsByExecutionIds(request));
  }

  @Override
  public void getEventsByArtifactIDs(
      GetEventsByArtifactIDsRequest request,
      StreamObserver<GetEventsByArtifactIDsResponse> observer) {
    Calls.unary(observer, () -> reads().relations().getEventsByArtifactIds(request));
  }

  @Override
  public void getArtifactsByExternalIds(
      GetArtifactsByExternalIdsRequest request,
      StreamObserver<GetArtifactsByExternalIdsResponse> observer) {
    Calls.unary(observer, () -> reads().nodes().getArtifactsByExternalIds(request));
  }

  @Override
  public void getExecutionsByExternalIds(
      GetExecutionsByExternalIdsRequest request,
      StreamObserver<GetExecutionsByExternalIdsResponse> observer) {
    Calls.unary(observer, () -> reads().nodes().getExecutionsByExternalIds(request));
  }

  @Override
  public void getContextsByExternalIds(
      GetContextsByExternalIdsRequest request,
      StreamObserver<GetContextsByExternalIdsResponse> observer) {
    Calls.unary(observer, () -> reads().nodes().getContextsByExternalIds(request));
  }

  @Override
  public void getArtifactTypesByExternalIds(
      GetArtifactTypesByExternalIdsRequest request,
      StreamObserver<GetArtifactTypesByExternalIdsResponse> observer) {
    Calls.unary(observer, () -> reads().types().getArtifactTypesByExternalIds(request));
  }

  @Override
  public void getExecutionTypesByExternalIds(
      GetExecutionTypesByExternalIdsRequest request,
      StreamObserver<GetExecutionTypesByExternalIdsResponse> observer) {
    Calls.unary(observer, () -> reads().types().getExecutionTypesByExternalIds(request));
  }

  @Override
  public void getContextTypesByExternalIds(
      GetContextTypesByExternalIdsRequest request,
      StreamObserver<GetContextTypesByExternalIdsResponse> observer) {
    Calls.unary(observer, () -> reads().types().getContextTypesByExternalIds(request));
  }

  @Override
  public void getContextsByArtifact(
      GetContextsByArtifactRequest request,
      StreamObserver<GetContextsByArtifactResponse> observer) {
    Calls.unary(observer, () -> reads().relations().getContextsByArtifact(request));
  }

  @Override
  public void getContextsByExecution(
      GetContextsByExecutionRequest request,
      StreamObserver<GetContextsByExecutionResponse> observer) {
    Calls.unary(observer, () -> reads().relations().getContextsByExecution(request));
  }

  @Override
  public void getParentContextsByContext(
      GetParentContextsByContextRequest request,
      StreamObserver<GetParentContextsByContextResponse> observer) {
    Calls.unary(observer, () -> reads().relations().getParentContextsByContext(request));
  }

  @Override
  public void getChildrenContextsByContext(
      GetChildrenContextsByContextRequest request,
      StreamObserver<GetChildrenContextsByContextResponse> observer) {
    Calls.unary(observer, () -> reads().relations().getChildrenContextsByContext(request));
  }

  @Override
  public void getParentContextsByContexts(
      GetParentContextsByContextsRequest request,
      StreamObserver<GetParentContextsByContextsResponse> observer) {
    Calls.unary(observer, () -> reads().relations().getParentContextsByContexts(request));
  }

  @Override
  public void getChildrenContextsByContexts(
      GetChildrenContextsByContextsRequest request,
      StreamObserver<GetChildrenContextsByContextsResponse> observer) {
    Calls.unary(observer, () -> reads().relations().getChildrenContextsByContexts(request));
  }

  @Override
  public void getArtifactsByContext(
      GetArtifactsByContextRequest request,
      StreamObserver<GetArtifactsByContextResponse> observer) {
    Calls.unary(observer, () -> reads().listings().getArtifactsByContext(request));
  }

  @Override
  public void getExecutionsByContext(
      GetExecutionsByContextRequest request,
      StreamObserver<GetExecutionsByContextResponse> observer) {
    Calls.unary(observer, () -> reads().listings().getExecutionsByContext(request));
  }

  @Override
  public void getLineageGraph(
      GetLineageGraphRequest request, StreamObserver<GetLineageGraphResponse> observer) {
    Calls.unary(observer, () -> reads().lineage().getLineageGraph(request));
  }

  @Override
  public void getLineageSubgraph(
      GetLineageSubgraphRequest request, StreamObserver<GetLineageSubgraphResponse> observer) {
    Calls.unary(observer, () -> reads().lineage().getLineageSubgraph(request));
  }
}
