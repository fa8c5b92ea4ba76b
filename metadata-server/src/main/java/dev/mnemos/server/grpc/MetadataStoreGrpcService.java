package dev.mnemos.server.grpc;

import dev.mnemos.proto.mlmd.*;
import dev.mnemos.server.store.MetadataStore;
import io.grpc.stub.StreamObserver;

/**
 * `ml_metadata.MetadataStoreService` over gRPC: every RPC is handed to the {@link MetadataStore}
 * unchanged; {@link Calls} turns store errors into gRPC statuses.
 */
public final class MetadataStoreGrpcService
    extends MetadataStoreServiceGrpc.MetadataStoreServiceImplBase {

  private final MetadataStore store;

  public MetadataStoreGrpcService(MetadataStore store) {
    this.store = store;
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
    Calls.unary(observer, () -> store.types().getArtifactType(request));
  }

  @Override
  public void getArtifactTypesByID(
      GetArtifactTypesByIDRequest request, StreamObserver<GetArtifactTypesByIDResponse> observer) {
    Calls.unary(observer, () -> store.types().getArtifactTypesById(request));
  }

  @Override
  public void getArtifactTypes(
      GetArtifactTypesRequest request, StreamObserver<GetArtifactTypesResponse> observer) {
    Calls.unary(observer, () -> store.types().getArtifactTypes(request));
  }

  @Override
  public void getExecutionType(
      GetExecutionTypeRequest request, StreamObserver<GetExecutionTypeResponse> observer) {
    Calls.unary(observer, () -> store.types().getExecutionType(request));
  }

  @Override
  public void getExecutionTypesByID(
      GetExecutionTypesByIDRequest request,
      StreamObserver<GetExecutionTypesByIDResponse> observer) {
    Calls.unary(observer, () -> store.types().getExecutionTypesById(request));
  }

  @Override
  public void getExecutionTypes(
      GetExecutionTypesRequest request, StreamObserver<GetExecutionTypesResponse> observer) {
    Calls.unary(observer, () -> store.types().getExecutionTypes(request));
  }

  @Override
  public void getContextType(
      GetContextTypeRequest request, StreamObserver<GetContextTypeResponse> observer) {
    Calls.unary(observer, () -> store.types().getContextType(request));
  }

  @Override
  public void getContextTypesByID(
      GetContextTypesByIDRequest request, StreamObserver<GetContextTypesByIDResponse> observer) {
    Calls.unary(observer, () -> store.types().getContextTypesById(request));
  }

  @Override
  public void getContextTypes(
      GetContextTypesRequest request, StreamObserver<GetContextTypesResponse> observer) {
    Calls.unary(observer, () -> store.types().getContextTypes(request));
  }

  @Override
  public void getArtifacts(
      GetArtifactsRequest request, StreamObserver<GetArtifactsResponse> observer) {
    Calls.unary(observer, () -> store.nodes().getArtifacts(request));
  }

  @Override
  public void getExecutions(
      GetExecutionsRequest request, StreamObserver<GetExecutionsResponse> observer) {
    Calls.unary(observer, () -> store.nodes().getExecutions(request));
  }

  @Override
  public void getContexts(
      GetContextsRequest request, StreamObserver<GetContextsResponse> observer) {
    Calls.unary(observer, () -> store.nodes().getContexts(request));
  }

  @Override
  public void getArtifactsByID(
      GetArtifactsByIDRequest request, StreamObserver<GetArtifactsByIDResponse> observer) {
    Calls.unary(observer, () -> store.nodes().getArtifactsById(request));
  }

  @Override
  public void getExecutionsByID(
      GetExecutionsByIDRequest request, StreamObserver<GetExecutionsByIDResponse> observer) {
    Calls.unary(observer, () -> store.nodes().getExecutionsById(request));
  }

  @Override
  public void getContextsByID(
      GetContextsByIDRequest request, StreamObserver<GetContextsByIDResponse> observer) {
    Calls.unary(observer, () -> store.nodes().getContextsById(request));
  }

  @Override
  public void getArtifactsByType(
      GetArtifactsByTypeRequest request, StreamObserver<GetArtifactsByTypeResponse> observer) {
    Calls.unary(observer, () -> store.nodes().getArtifactsByType(request));
  }

  @Override
  public void getExecutionsByType(
      GetExecutionsByTypeRequest request, StreamObserver<GetExecutionsByTypeResponse> observer) {
    Calls.unary(observer, () -> store.nodes().getExecutionsByType(request));
  }

  @Override
  public void getContextsByType(
      GetContextsByTypeRequest request, StreamObserver<GetContextsByTypeResponse> observer) {
    Calls.unary(observer, () -> store.nodes().getContextsByType(request));
  }

  @Override
  public void getArtifactByTypeAndName(
      GetArtifactByTypeAndNameRequest request,
      StreamObserver<GetArtifactByTypeAndNameResponse> observer) {
    Calls.unary(observer, () -> store.nodes().getArtifactByTypeAndName(request));
  }

  @Override
  public void getExecutionByTypeAndName(
      GetExecutionByTypeAndNameRequest request,
      StreamObserver<GetExecutionByTypeAndNameResponse> observer) {
    Calls.unary(observer, () -> store.nodes().getExecutionByTypeAndName(request));
  }

  @Override
  public void getContextByTypeAndName(
      GetContextByTypeAndNameRequest request,
      StreamObserver<GetContextByTypeAndNameResponse> observer) {
    Calls.unary(observer, () -> store.nodes().getContextByTypeAndName(request));
  }

  @Override
  public void getArtifactsByURI(
      GetArtifactsByURIRequest request, StreamObserver<GetArtifactsByURIResponse> observer) {
    Calls.unary(observer, () -> store.nodes().getArtifactsByUri(request));
  }

  @Override
  public void getEventsByExecutionIDs(
      GetEventsByExecutionIDsRequest request,
      StreamObserver<GetEventsByExecutionIDsResponse> observer) {
    Calls.unary(observer, () -> store.relations().getEventsByExecutionIds(request));
  }

  @Override
  public void getEventsByArtifactIDs(
      GetEventsByArtifactIDsRequest request,
      StreamObserver<GetEventsByArtifactIDsResponse> observer) {
    Calls.unary(observer, () -> store.relations().getEventsByArtifactIds(request));
  }

  @Override
  public void getArtifactsByExternalIds(
      GetArtifactsByExternalIdsRequest request,
      StreamObserver<GetArtifactsByExternalIdsResponse> observer) {
    Calls.unary(observer, () -> store.nodes().getArtifactsByExternalIds(request));
  }

  @Override
  public void getExecutionsByExternalIds(
      GetExecutionsByExternalIdsRequest request,
      StreamObserver<GetExecutionsByExternalIdsResponse> observer) {
    Calls.unary(observer, () -> store.nodes().getExecutionsByExternalIds(request));
  }

  @Override
  public void getContextsByExternalIds(
      GetContextsByExternalIdsRequest request,
      StreamObserver<GetContextsByExternalIdsResponse> observer) {
    Calls.unary(observer, () -> store.nodes().getContextsByExternalIds(request));
  }

  @Override
  public void getArtifactTypesByExternalIds(
      GetArtifactTypesByExternalIdsRequest request,
      StreamObserver<GetArtifactTypesByExternalIdsResponse> observer) {
    Calls.unary(observer, () -> store.types().getArtifactTypesByExternalIds(request));
  }

  @Override
  public void getExecutionTypesByExternalIds(
      GetExecutionTypesByExternalIdsRequest request,
      StreamObserver<GetExecutionTypesByExternalIdsResponse> observer) {
    Calls.unary(observer, () -> store.types().getExecutionTypesByExternalIds(request));
  }

  @Override
  public void getContextTypesByExternalIds(
      GetContextTypesByExternalIdsRequest request,
      StreamObserver<GetContextTypesByExternalIdsResponse> observer) {
    Calls.unary(observer, () -> store.types().getContextTypesByExternalIds(request));
  }

  @Override
  public void getContextsByArtifact(
      GetContextsByArtifactRequest request,
      StreamObserver<GetContextsByArtifactResponse> observer) {
    Calls.unary(observer, () -> store.relations().getContextsByArtifact(request));
  }

  @Override
  public void getContextsByExecution(
      GetContextsByExecutionRequest request,
      StreamObserver<GetContextsByExecutionResponse> observer) {
    Calls.unary(observer, () -> store.relations().getContextsByExecution(request));
  }

  @Override
  public void getParentContextsByContext(
      GetParentContextsByContextRequest request,
      StreamObserver<GetParentContextsByContextResponse> observer) {
    Calls.unary(observer, () -> store.relations().getParentContextsByContext(request));
  }

  @Override
  public void getChildrenContextsByContext(
      GetChildrenContextsByContextRequest request,
      StreamObserver<GetChildrenContextsByContextResponse> observer) {
    Calls.unary(observer, () -> store.relations().getChildrenContextsByContext(request));
  }

  @Override
  public void getParentContextsByContexts(
      GetParentContextsByContextsRequest request,
      StreamObserver<GetParentContextsByContextsResponse> observer) {
    Calls.unary(observer, () -> store.relations().getParentContextsByContexts(request));
  }

  @Override
  public void getChildrenContextsByContexts(
      GetChildrenContextsByContextsRequest request,
      StreamObserver<GetChildrenContextsByContextsResponse> observer) {
    Calls.unary(observer, () -> store.relations().getChildrenContextsByContexts(request));
  }

  @Override
  public void getArtifactsByContext(
      GetArtifactsByContextRequest request,
      StreamObserver<GetArtifactsByContextResponse> observer) {
    Calls.unary(observer, () -> store.nodes().getArtifactsByContext(request));
  }

  @Override
  public void getExecutionsByContext(
      GetExecutionsByContextRequest request,
      StreamObserver<GetExecutionsByContextResponse> observer) {
    Calls.unary(observer, () -> store.nodes().getExecutionsByContext(request));
  }

  @Override
  public void getLineageGraph(
      GetLineageGraphRequest request, StreamObserver<GetLineageGraphResponse> observer) {
    Calls.unary(observer, () -> store.lineage().getLineageGraph(request));
  }

  @Override
  public void getLineageSubgraph(
      GetLineageSubgraphRequest request, StreamObserver<GetLineageSubgraphResponse> observer) {
    Calls.unary(observer, () -> store.lineage().getLineageSubgraph(request));
  }
}
