package dev.mnemos.query.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.GetArtifactsRequest;
import dev.mnemos.proto.mlmd.GetContextsRequest;
import dev.mnemos.proto.mlmd.GetExecutionsRequest;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.query.QueryLayer;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.grpc.MnemosGrpcServer;
import dev.mnemos.server.scope.ReadScope;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.store.MetadataStore;
import dev.mnemos.server.tenancy.KnownNamespaces;
import dev.mnemos.server.tenancy.NamespaceAccess;
import dev.mnemos.server.tenancy.NodeNamespaces;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.RestrictedCopy;
import dev.mnemos.server.testing.StoreBackends;
import dev.mnemos.server.testing.TenancyWorkload;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read isolation of GraphQL and search, checked by difference: for users with different readable
 * namespaces, every query (node lookups and listings with their fields, filters, lineage, runs and
 * their comparison, metric aggregates, search) answers what it answers on a copy of the database
 * holding only what the user may read. Two things are compared loosely, on purpose: search hits as
 * a set (scores weigh words by how rare they are in the whole index, hidden documents included),
 * and lineage without {@code truncated} (a walk that met a hidden node says so; the copy has none).
 */
class ReadIsolationGraphQlTest {

  @TempDir Path folder;

  @Test
  void everyQueryInAScopeAnswersAsTheRestrictedDatabase() throws Exception {
    for (Backend backend : StoreBackends.backends()) {
      compareOn(backend);
    }
  }

  private void compareOn(Backend backend) throws Exception {
    Map<String, ReadScope> users = new HashMap<>();
    users.put("nobody", ReadScope.of(Set.of(), true));
    users.put("alice", ReadScope.of(Set.of("team-a"), true));
    users.put("bob", ReadScope.of(Set.of("team-b", "team-c"), true));
    users.put("carol", ReadScope.of(Set.of("team-a", "team-c"), false));
    try (Backend.FreshDatabase database = backend.freshDatabase();
        MetadataStore store = MetadataStore.open(DatabaseSettings.of(database.jdbcUrl()))) {
      store
          .database()
          .addListener(
              new NodeNamespaces(
                  NamespaceAccess.OPEN, new KnownNamespaces(store.database(), Duration.ZERO), ""));
      try (QueryLayer layer =
          QueryLayer.attach(
              store,
              Files.createTempDirectory(folder, "index"),
              QuerySettings.defaults(),
              new PrometheusRegistry(),
              caller -> users.getOrDefault(caller.name(), ReadScope.EVERYTHING))) {
        List<String> queries = populateAndPlan(store);
        awaitSearch(layer);
        List<String> mismatches = new ArrayList<>();
        int hiddenNeighbours = 0;
        for (var user : users.entrySet()) {
          Caller caller = new Caller(user.getKey(), Set.of(), Caller.How.GATEWAY, false);
          try (RestrictedCopy copy = RestrictedCopy.of(store, backend, user.getValue());
              QueryLayer oracle =
                  QueryLayer.attach(
                      copy.store(),
                      Files.createTempDirectory(folder, "copy"),
                      QuerySettings.defaults())) {
            awaitSearch(oracle);
            for (String query : queries) {
              Object expected =
                  normalized(oracle.engine().execute(query, null, Map.of(), Caller.OPEN));
              Object actual = normalized(layer.engine().execute(query, null, Map.of(), caller));
              if (!expected.equals(actual)) {
                mismatches.add(
                    backend
                        + " "
                        + user.getKey()
                        + ": "
                        + query
                        + "\n  restricted database: "
                        + expected
                        + "\n  scoped: "
                        + actual);
              }
              if (query.contains("lineage(")) {
                String withTruncated = query.replaceFirst("\\) \\{ ", ") { truncated ");
                boolean cut =
                    truncated(oracle.engine().execute(withTruncated, null, Map.of(), Caller.OPEN));
                boolean said =
                    truncated(layer.engine().execute(withTruncated, null, Map.of(), caller));
                if (cut && !said) {
                  mismatches.add(user.getKey() + ": not truncated where the copy is: " + query);
                }
                hiddenNeighbours += said && !cut ? 1 : 0;
              }
            }
          }
        }
        assertThat(queries).hasSizeGreaterThan(100);
        assertThat(mismatches).isEmpty();
        assertThat(hiddenNeighbours)
            .as("walks that met a hidden node and said truncated")
            .isGreaterThan(0);
      }
    }
  }

  private static void awaitSearch(QueryLayer layer) throws InterruptedException {
    assertThat(layer.services().search().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
  }

  /** Writes the tenants' store over gRPC and lists the queries to compare. */
  private static List<String> populateAndPlan(MetadataStore store) throws Exception {
    String name = InProcessServerBuilder.generateName();
    MnemosGrpcServer server =
        new MnemosGrpcServer(InProcessServerBuilder.forName(name).directExecutor(), store).start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    try {
      MetadataStoreServiceBlockingStub api = MetadataStoreServiceGrpc.newBlockingStub(channel);
      TenancyWorkload.populate(api, 20261130L);
      return plan(api);
    } finally {
      channel.shutdownNow();
      server.close();
    }
  }

  private static List<String> plan(MetadataStoreServiceBlockingStub api) {
    List<String> queries = new ArrayList<>();
    String node = "id name externalId typeName properties { name stringValue doubleValue }";
    queries.add(
        "{ artifacts(input: {first: 100}) { edges { node { "
            + node
            + " uri contexts { id } runs { id name } events { type execution { id } } producedBy { id }"
            + " consumedBy { id } } } pageInfo { hasNextPage } } }");
    queries.add(
        "{ executions(input: {first: 100}) { edges { node { "
            + node
            + " contexts { id name } runs { id } inputs { id } outputs { id uri } } } } }");
    queries.add(
        "{ contexts(input: {first: 100}) { edges { node { "
            + node
            + " parents { id } children { id } artifacts(input: {first: 50}) { edges { node { id"
            + " } } } executions(input: {first: 50}) { edges { node { id } } } } } } }");
    for (String filter :
        List.of(
            "contexts_r.name LIKE 'run-%'",
            "events_e.type = INPUT",
            "type = 'Model'",
            "custom_properties.namespace.string_value = 'team-b'")) {
      queries.add(
          "{ artifacts(input: {first: 3, filter: \""
              + filter
              + "\"}) { edges { cursor node { id"
              + " } } pageInfo { hasNextPage endCursor } } }");
    }
    queries.add(
        "{ contexts(input: {filter: \"child_contexts_c.name LIKE 'run-%'\"}) { edges { node { id"
            + " } } } }");
    StringBuilder lookups = new StringBuilder("{");
    int alias = 0;
    for (var artifact :
        api.getArtifacts(GetArtifactsRequest.getDefaultInstance()).getArtifactsList()) {
      long id = artifact.getId();
      lookups
          .append(" a")
          .append(alias++)
          .append(": node(input: {kind: ARTIFACT, id: ")
          .append(id)
          .append("}) { id name }");
      lookups
          .append(" t")
          .append(alias++)
          .append(": node(input: {kind: ARTIFACT, type: \"")
          .append(artifact.getType())
          .append("\", name: \"")
          .append(artifact.getName())
          .append("\"}) { id }");
      if (artifact.hasExternalId()) {
        lookups
            .append(" x")
            .append(alias++)
            .append(": node(input: {kind: ARTIFACT, externalId: \"")
            .append(artifact.getExternalId())
            .append("\"}) { id }");
      }
      for (String direction : List.of("UPSTREAM", "DOWNSTREAM", "BOTH")) {
        queries.add(
            "{ lineage(input: {start: [{kind: ARTIFACT, id: "
                + id
                + "}], direction: "
                + direction
                + ", maxHops: 4}) { artifacts { id } executions { id } edges { type artifact { id }"
                + " execution { id } } frontier { kind id } } }");
      }
    }
    List<Long> runIds = new ArrayList<>();
    for (var execution :
        api.getExecutions(GetExecutionsRequest.getDefaultInstance()).getExecutionsList()) {
      lookups
          .append(" e")
          .append(alias++)
          .append(": node(input: {kind: EXECUTION, id: ")
          .append(execution.getId())
          .append("}) { id name contexts { id } }");
      queries.add(
          "{ lineage(input: {start: [{kind: EXECUTION, id: "
              + execution.getId()
              + "}], direction: BOTH, maxHops: 6, maxNodes: 5}) { artifacts { id } executions { id"
              + " } frontier { kind id } } }");
    }
    for (var context : api.getContexts(GetContextsRequest.getDefaultInstance()).getContextsList()) {
      lookups
          .append(" c")
          .append(alias++)
          .append(": node(input: {kind: CONTEXT, id: ")
          .append(context.getId())
          .append("}) { id name }");
      if (context.getType().equals("system.PipelineRun")) {
        runIds.add(context.getId());
        queries.add(
            "{ run(input: {id: "
                + context.getId()
                + "}) { id name parameters { name } metrics { name value } } }");
        queries.add(
            "{ compareRuns(input: {runIds: ["
                + context.getId()
                + "]}) { runs { id } parameters { name values } metrics { name values best worst } } }");
      }
    }
    lookups.append(" }");
    queries.add(lookups.toString());
    queries.add(
        "{ runs(input: {first: 100, orderBy: {field: NAME, direction: ASC}}) { totalCount nodes { id"
            + " name pipeline context { id } parameters { name value } metrics { name value } executions(input:"
            + " {first: 50}) { edges { node { id } } } } } }");
    queries.add(
        "{ runs(input: {first: 2, metricFilter: [{name: \"accuracy\", op: GT, value: 0.2}]}) {"
            + " totalCount nodes { id } pageInfo { hasNextPage } } }");
    queries.add("{ compareRuns(input: {runIds: " + runIds + "}) { runs { id } } }");
    for (String groupBy : List.of("PIPELINE", "RUN", "EXECUTION_TYPE", "CONTEXT")) {
      for (String fn : List.of("MAX", "COUNT", "P50")) {
        queries.add(
            "{ metricAggregate(input: {metric: \"accuracy\", groupBy: "
                + groupBy
                + ", fn: "
                + fn
                + "}) { key id value count } }");
      }
    }
    queries.add("{ metricNames }");
    for (String kind : List.of("ARTIFACT", "EXECUTION", "CONTEXT")) {
      queries.add("{ types(input: {kind: " + kind + "}) { id name } }");
    }
    for (String text :
        List.of("art*", "step*", "run*", "loose*", "s3", "team*", "pipeline*", "Model")) {
      queries.add(
          "{ search(input: {text: \""
              + text
              + "\", first: 100}) { totalHits hits { node { id kind } highlights { field fragments"
              + " } } } }");
    }
    return queries;
  }

  @SuppressWarnings("unchecked")
  private static boolean truncated(Map<String, Object> response) {
    Map<String, Object> data = (Map<String, Object>) response.get("data");
    return Boolean.TRUE.equals(((Map<String, Object>) data.get("lineage")).get("truncated"));
  }

  /** The answer with search hits as a set (ordered by node), as compared. */
  @SuppressWarnings("unchecked")
  private static Object normalized(Map<String, Object> response) {
    Map<String, Object> data = (Map<String, Object>) response.get("data");
    if (data != null && data.get("search") instanceof Map<?, ?> search) {
      List<Map<String, Object>> hits =
          new ArrayList<>((List<Map<String, Object>>) search.get("hits"));
      hits.sort(Comparator.comparing(Object::toString));
      return Map.of("totalHits", search.get("totalHits"), "hits", hits);
    }
    Object errors = response.get("errors");
    return errors == null ? String.valueOf(data) : String.valueOf(errors) + data;
  }
}
