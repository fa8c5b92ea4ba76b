package dev.mnemos.server.testing;

import com.google.protobuf.Message;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.GetArtifactByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByContextRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByIDRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByTypeRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByURIRequest;
import dev.mnemos.proto.mlmd.GetArtifactsRequest;
import dev.mnemos.proto.mlmd.GetChildrenContextsByContextRequest;
import dev.mnemos.proto.mlmd.GetChildrenContextsByContextsRequest;
import dev.mnemos.proto.mlmd.GetContextByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.GetContextsByArtifactRequest;
import dev.mnemos.proto.mlmd.GetContextsByExecutionRequest;
import dev.mnemos.proto.mlmd.GetContextsByIDRequest;
import dev.mnemos.proto.mlmd.GetContextsByTypeRequest;
import dev.mnemos.proto.mlmd.GetContextsRequest;
import dev.mnemos.proto.mlmd.GetEventsByArtifactIDsRequest;
import dev.mnemos.proto.mlmd.GetEventsByExecutionIDsRequest;
import dev.mnemos.proto.mlmd.GetExecutionByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByContextRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByIDRequest;
import dev.mnemos.proto.mlmd.GetExecutionsRequest;
import dev.mnemos.proto.mlmd.GetLineageGraphRequest;
import dev.mnemos.proto.mlmd.GetLineageSubgraphRequest;
import dev.mnemos.proto.mlmd.GetParentContextsByContextRequest;
import dev.mnemos.proto.mlmd.GetParentContextsByContextsRequest;
import dev.mnemos.proto.mlmd.LineageGraphQueryOptions;
import dev.mnemos.proto.mlmd.LineageSubgraphQueryOptions;
import dev.mnemos.proto.mlmd.ListOperationOptions;
import dev.mnemos.proto.mlmd.ListOperationOptions.OrderByField;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every read of MLMD's API, asked about every node of a store: by id (and one past the last), by
 * type and name, URI and external id; listings whole and paged, in three orders, with filters that
 * reach each kind of neighbour; events, memberships, parent links; lineage walks from each node.
 * What two stores answer to the same probes can be compared answer by answer.
 */
public final class MlmdReadProbes {

  /** One read and what it answered: the response, or the status and its description. */
  public record Answer(String probe, String answer) {}

  private record Probe(String name, Function<MetadataStoreServiceBlockingStub, Message> read) {}

  private static final List<String> ARTIFACT_FILTERS =
      List.of(
          "name LIKE 'art-%'",
          "type = 'Model'",
          "contexts_r.name LIKE 'run-%'",
          "contexts_p.type = 'system.Pipeline'",
          "events_e.type = INPUT",
          "events_e.execution_id > 0",
          "custom_properties.namespace.string_value = 'team-a'");
  private static final List<String> EXECUTION_FILTERS =
      List.of(
          "name LIKE 'step-%'",
          "contexts_r.name LIKE 'run-%'",
          "events_e.type = OUTPUT",
          "events_e.artifact_id > 0",
          "custom_properties.accuracy.double_value > 0.3");
  private static final List<String> CONTEXT_FILTERS =
      List.of(
          "type = 'system.PipelineRun'",
          "parent_contexts_p.name LIKE 'pipeline-%'",
          "child_contexts_c.name LIKE 'run-%'",
          "artifacts_a.uri LIKE 's3://%'",
          "executions_e.name LIKE 'step-%'");

  private final List<Probe> probes = new ArrayList<>();

  /** The probes for a store whose nodes are all known from {@code everything}. */
  public static MlmdReadProbes of(MetadataStoreServiceBlockingStub everything) {
    MlmdReadProbes probes = new MlmdReadProbes();
    List<Artifact> artifacts =
        everything.getArtifacts(GetArtifactsRequest.getDefaultInstance()).getArtifactsList();
    List<Execution> executions =
        everything.getExecutions(GetExecutionsRequest.getDefaultInstance()).getExecutionsList();
    List<Context> contexts =
        everything.getContexts(GetContextsRequest.getDefaultInstance()).getContextsList();
    probes.listings();
    probes.byId(artifacts.size() + executions.size() + contexts.size());
    artifacts.forEach(probes::artifact);
    executions.forEach(probes::execution);
    contexts.forEach(probes::context);
    return probes;
  }

  /** Every probe's answer from {@code api}, in probe order. */
  public List<Answer> ask(MetadataStoreServiceBlockingStub api) {
    List<Answer> answers = new ArrayList<>();
    for (Probe probe : probes) {
      String answer;
      try {
        answer = probe.read().apply(api).toString();
      } catch (StatusRuntimeException e) {
        answer = e.getStatus().getCode() + ": " + e.getStatus().getDescription();
      }
      answers.add(new Answer(probe.name(), answer));
    }
    return answers;
  }

  private void add(String name, Function<MetadataStoreServiceBlockingStub, Message> read) {
    probes.add(new Probe(name, read));
  }

  private void listings() {
    add("GetArtifacts", api -> api.getArtifacts(GetArtifactsRequest.getDefaultInstance()));
    add("GetExecutions", api -> api.getExecutions(GetExecutionsRequest.getDefaultInstance()));
    add("GetContexts", api -> api.getContexts(GetContextsRequest.getDefaultInstance()));
    for (ListOperationOptions options : pagings("")) {
      add(
          "GetArtifacts pages " + options,
          api ->
              pages(
                  options,
                  o -> api.getArtifacts(GetArtifactsRequest.newBuilder().setOptions(o).build())));
    }
    for (String filter : ARTIFACT_FILTERS) {
      ListOperationOptions options = paged(filter, OrderByField.Field.ID, true);
      add(
          "GetArtifacts " + filter,
          api ->
              pages(
                  options,
                  o -> api.getArtifacts(GetArtifactsRequest.newBuilder().setOptions(o).build())));
      add(
          "GetArtifactsByType Model " + filter,
          api ->
              pages(
                  options,
                  o ->
                      api.getArtifactsByType(
                          GetArtifactsByTypeRequest.newBuilder()
                              .setTypeName("Model")
                              .setOptions(o)
                              .build())));
    }
    for (String filter : EXECUTION_FILTERS) {
      ListOperationOptions options = paged(filter, OrderByField.Field.CREATE_TIME, false);
      add(
          "GetExecutions " + filter,
          api ->
              pages(
                  options,
                  o -> api.getExecutions(GetExecutionsRequest.newBuilder().setOptions(o).build())));
    }
    for (String filter : CONTEXT_FILTERS) {
      ListOperationOptions options = paged(filter, OrderByField.Field.LAST_UPDATE_TIME, true);
      add(
          "GetContexts " + filter,
          api ->
              pages(
                  options,
                  o -> api.getContexts(GetContextsRequest.newBuilder().setOptions(o).build())));
    }
    add(
        "GetContextsByType system.PipelineRun",
        api ->
            api.getContextsByType(
                GetContextsByTypeRequest.newBuilder().setTypeName("system.PipelineRun").build()));
  }

  private static List<ListOperationOptions> pagings(String filter) {
    return List.of(
        paged(filter, OrderByField.Field.ID, true),
        paged(filter, OrderByField.Field.CREATE_TIME, false),
        paged(filter, OrderByField.Field.LAST_UPDATE_TIME, true));
  }

  private static ListOperationOptions paged(
      String filter, OrderByField.Field field, boolean ascending) {
    return ListOperationOptions.newBuilder()
        .setMaxResultSize(3)
        .setOrderByField(OrderByField.newBuilder().setField(field).setIsAsc(ascending))
        .setFilterQuery(filter)
        .build();
  }

  /** Every page of a listing, joined into one message per page. */
  private static Message pages(
      ListOperationOptions first, Function<ListOperationOptions, Message> list) {
    StringBuilder all = new StringBuilder();
    ListOperationOptions options = first;
    for (int page = 0; page < 50; page++) {
      Message answer = list.apply(options);
      all.append("page ").append(page).append(": ").append(answer);
      String token =
          (String)
              answer.getField(answer.getDescriptorForType().findFieldByName("next_page_token"));
      if (token.isEmpty()) {
        break;
      }
      options = options.toBuilder().setNextPageToken(token).build();
    }
    return com.google.protobuf.StringValue.of(all.toString());
  }

  private void byId(int nodes) {
    List<Long> ids = new ArrayList<>();
    for (long id = 1; id <= nodes + 1; id++) {
      ids.add(id);
    }
    add(
        "GetArtifactsByID all",
        api ->
            api.getArtifactsByID(
                GetArtifactsByIDRequest.newBuilder()
                    .addAllArtifactIds(ids)
                    .setPopulateArtifactTypes(true)
                    .build()));
    add(
        "GetExecutionsByID all",
        api ->
            api.getExecutionsByID(
                GetExecutionsByIDRequest.newBuilder().addAllExecutionIds(ids).build()));
    add(
        "GetContextsByID all",
        api ->
            api.getContextsByID(GetContextsByIDRequest.newBuilder().addAllContextIds(ids).build()));
    add(
        "GetEventsByArtifactIDs all",
        api ->
            api.getEventsByArtifactIDs(
                GetEventsByArtifactIDsRequest.newBuilder().addAllArtifactIds(ids).build()));
    add(
        "GetEventsByExecutionIDs all",
        api ->
            api.getEventsByExecutionIDs(
                GetEventsByExecutionIDsRequest.newBuilder().addAllExecutionIds(ids).build()));
    add(
        "GetParentContextsByContexts all",
        api ->
            api.getParentContextsByContexts(
                GetParentContextsByContextsRequest.newBuilder().addAllContextIds(ids).build()));
    add(
        "GetChildrenContextsByContexts all",
        api ->
            api.getChildrenContextsByContexts(
                GetChildrenContextsByContextsRequest.newBuilder().addAllContextIds(ids).build()));
  }

  private void artifact(Artifact artifact) {
    long id = artifact.getId();
    add(
        "GetArtifactByTypeAndName " + artifact.getName(),
        api ->
            api.getArtifactByTypeAndName(
                GetArtifactByTypeAndNameRequest.newBuilder()
                    .setTypeName(artifact.getType())
                    .setArtifactName(artifact.getName())
                    .build()));
    add(
        "GetArtifactsByURI " + artifact.getUri(),
        api ->
            api.getArtifactsByURI(
                GetArtifactsByURIRequest.newBuilder().addUris(artifact.getUri()).build()));
    if (artifact.hasExternalId()) {
      add(
          "GetArtifactsByExternalIds " + artifact.getExternalId(),
          api ->
              api.getArtifactsByExternalIds(
                  GetArtifactsByExternalIdsRequest.newBuilder()
                      .addExternalIds(artifact.getExternalId())
                      .build()));
    }
    add(
        "GetContextsByArtifact " + id,
        api ->
            api.getContextsByArtifact(
                GetContextsByArtifactRequest.newBuilder().setArtifactId(id).build()));
    for (LineageSubgraphQueryOptions.Direction direction :
        List.of(
            LineageSubgraphQueryOptions.Direction.DIRECTION_UNSPECIFIED,
            LineageSubgraphQueryOptions.Direction.UPSTREAM)) {
      add(
          "GetLineageSubgraph artifact " + id + " " + direction,
          api ->
              api.getLineageSubgraph(
                  GetLineageSubgraphRequest.newBuilder()
                      .setLineageSubgraphQueryOptions(
                          LineageSubgraphQueryOptions.newBuilder()
                              .setStartingArtifacts(
                                  LineageSubgraphQueryOptions.StartingNodes.newBuilder()
                                      .setFilterQuery("id = " + id))
                              .setMaxNumHops(4)
                              .setDirection(direction))
                      .build()));
    }
    add(
        "GetLineageGraph " + id,
        api ->
            api.getLineageGraph(
                GetLineageGraphRequest.newBuilder()
                    .setOptions(
                        LineageGraphQueryOptions.newBuilder()
                            .setArtifactsOptions(
                                paged("id = " + id, OrderByField.Field.ID, true).toBuilder()
                                    .setMaxResultSize(100))
                            .setStopConditions(
                                LineageGraphQueryOptions.BoundaryConstraint.newBuilder()
                                    .setMaxNumHops(3)
                                    .setBoundaryExecutions("contexts_r.name LIKE 'run-%'")))
                    .build()));
  }

  private void execution(Execution execution) {
    long id = execution.getId();
    add(
        "GetExecutionByTypeAndName " + execution.getName(),
        api ->
            api.getExecutionByTypeAndName(
                GetExecutionByTypeAndNameRequest.newBuilder()
                    .setTypeName(execution.getType())
                    .setExecutionName(execution.getName())
                    .build()));
    if (execution.hasExternalId()) {
      add(
          "GetExecutionsByExternalIds " + execution.getExternalId(),
          api ->
              api.getExecutionsByExternalIds(
                  GetExecutionsByExternalIdsRequest.newBuilder()
                      .addExternalIds(execution.getExternalId())
                      .build()));
    }
    add(
        "GetContextsByExecution " + id,
        api ->
            api.getContextsByExecution(
                GetContextsByExecutionRequest.newBuilder().setExecutionId(id).build()));
    add(
        "GetLineageSubgraph execution " + id,
        api ->
            api.getLineageSubgraph(
                GetLineageSubgraphRequest.newBuilder()
                    .setLineageSubgraphQueryOptions(
                        LineageSubgraphQueryOptions.newBuilder()
                            .setStartingExecutions(
                                LineageSubgraphQueryOptions.StartingNodes.newBuilder()
                                    .setFilterQuery("id = " + id))
                            .setMaxNumHops(6)
                            .setDirection(LineageSubgraphQueryOptions.Direction.DOWNSTREAM))
                    .build()));
  }

  private void context(Context context) {
    long id = context.getId();
    add(
        "GetContextByTypeAndName " + context.getName(),
        api ->
            api.getContextByTypeAndName(
                GetContextByTypeAndNameRequest.newBuilder()
                    .setTypeName(context.getType())
                    .setContextName(context.getName())
                    .build()));
    add(
        "GetArtifactsByContext " + id,
        api ->
            api.getArtifactsByContext(
                GetArtifactsByContextRequest.newBuilder().setContextId(id).build()));
    add(
        "GetExecutionsByContext paged " + id,
        api ->
            pages(
                paged("name LIKE 'step-%'", OrderByField.Field.ID, false),
                o ->
                    api.getExecutionsByContext(
                        GetExecutionsByContextRequest.newBuilder()
                            .setContextId(id)
                            .setOptions(o)
                            .build())));
    add(
        "GetParentContextsByContext " + id,
        api ->
            api.getParentContextsByContext(
                GetParentContextsByContextRequest.newBuilder().setContextId(id).build()));
    add(
        "GetChildrenContextsByContext " + id,
        api ->
            api.getChildrenContextsByContext(
                GetChildrenContextsByContextRequest.newBuilder().setContextId(id).build()));
  }
}
