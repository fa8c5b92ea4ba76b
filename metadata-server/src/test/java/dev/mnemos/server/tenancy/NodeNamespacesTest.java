package dev.mnemos.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.GetContextsByIDRequest;
import dev.mnemos.proto.mlmd.ParentContext;
import dev.mnemos.proto.mlmd.PutContextsRequest;
import dev.mnemos.proto.mlmd.PutExecutionRequest;
import dev.mnemos.proto.mlmd.PutExecutionResponse;
import dev.mnemos.proto.mlmd.PutParentContextsRequest;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.testing.AllAtOnce;
import dev.mnemos.server.testing.Mlmd;
import dev.mnemos.server.testing.StoreTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The namespace of every node as docs/security.md states the rule, on KFP's shapes: a run context
 * names its namespace, its pipeline context does not; steps and their artifacts take the run's; an
 * artifact outside any context takes its producer's; a change of a run's namespace reaches its
 * steps, their artifacts and its child contexts; a back-fill derives what the writes derived.
 */
class NodeNamespacesTest {

  private static Value text(String value) {
    return Value.newBuilder().setStringValue(value).build();
  }

  private static long context(Mlmd mlmd, long type, String name, Map<String, Value> properties) {
    return mlmd.api()
        .putContexts(
            PutContextsRequest.newBuilder()
                .addContexts(
                    Context.newBuilder()
                        .setTypeId(type)
                        .setName(name)
                        .putAllCustomProperties(properties))
                .build())
        .getContextIds(0);
  }

  private static void parent(Mlmd mlmd, long child, long parent) {
    mlmd.api()
        .putParentContexts(
            PutParentContextsRequest.newBuilder()
                .addParentContexts(ParentContext.newBuilder().setChildId(child).setParentId(parent))
                .build());
  }

  /**
   * A step as KFP's launcher records it: its own namespace property empty, as the driver left it.
   */
  private static PutExecutionResponse step(
      Mlmd mlmd, List<Long> contexts, String ownNamespace, String outputUri) {
    PutExecutionRequest.Builder request =
        PutExecutionRequest.newBuilder()
            .setExecution(
                Execution.newBuilder()
                    .setTypeId(mlmd.executionType("system.ContainerExecution"))
                    .setLastKnownState(Execution.State.COMPLETE)
                    .putCustomProperties("namespace", text(ownNamespace)))
            .addArtifactEventPairs(
                PutExecutionRequest.ArtifactAndEvent.newBuilder()
                    .setArtifact(
                        Artifact.newBuilder()
                            .setTypeId(mlmd.artifactType("system.Model"))
                            .setUri(outputUri))
                    .setEvent(Event.newBuilder().setType(Event.Type.OUTPUT)));
    if (!contexts.isEmpty()) {
      // As KFP does: the contexts as they were read, whole.
      request.addAllContexts(
          mlmd.api()
              .getContextsByID(
                  GetContextsByIDRequest.newBuilder().addAllContextIds(contexts).build())
              .getContextsList());
    }
    return mlmd.api().putExecution(request.build());
  }

  private static Map<String, String> table(Mlmd mlmd) {
    Map<String, String> all = new HashMap<>();
    for (NodeKind kind : NodeKind.values()) {
      List<Long> ids = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
      mlmd.store()
          .database()
          .read(sql -> NodeNamespaces.of(sql, kind, ids))
          .forEach((id, namespace) -> all.put(kind.name().toLowerCase() + " " + id, namespace));
    }
    return all;
  }

  @StoreTest
  void stepsAndArtifactsTakeTheirRunsNamespace(Mlmd mlmd) {
    KnownNamespaces known = new KnownNamespaces(mlmd.store().database(), Duration.ofHours(1));
    NodeNamespaces namespaces = new NodeNamespaces(NamespaceAccess.OPEN, known, "");
    mlmd.store().database().addListener(namespaces);
    namespaces.backfillIfNeeded(mlmd.store().database());

    long pipeline = context(mlmd, mlmd.contextType("system.Pipeline"), "churn", Map.of());
    long run =
        context(
            mlmd,
            mlmd.contextType("system.PipelineRun"),
            "run-1",
            Map.of("namespace", text("team-a")));
    parent(mlmd, run, pipeline);
    PutExecutionResponse trained = step(mlmd, List.of(pipeline, run), "", "s3://a/model");
    PutExecutionResponse loose = step(mlmd, List.of(), "team-b", "s3://b/model");

    Map<String, String> expected =
        Map.of(
            "context " + run, "team-a",
            "execution " + trained.getExecutionId(), "team-a",
            "artifact " + trained.getArtifactIds(0), "team-a",
            "execution " + loose.getExecutionId(), "team-b",
            "artifact " + loose.getArtifactIds(0), "team-b");
    assertThat(table(mlmd)).as("the pipeline context has none").isEqualTo(expected);

    // A sub-context without a namespace of its own takes its parent's.
    long attempt = context(mlmd, mlmd.contextType("Attempt"), "run-1/attempt-1", Map.of());
    parent(mlmd, attempt, run);
    assertThat(table(mlmd)).containsEntry("context " + attempt, "team-a");

    // The run moves: its steps, their artifacts and its child follow; the loose step stays.
    mlmd.api()
        .putContexts(
            PutContextsRequest.newBuilder()
                .addContexts(
                    Context.newBuilder()
                        .setId(run)
                        .setTypeId(mlmd.contextType("system.PipelineRun"))
                        .setName("run-1")
                        .putCustomProperties("namespace", text("team-c")))
                .build());
    Map<String, String> moved = table(mlmd);
    assertThat(moved)
        .containsEntry("context " + run, "team-c")
        .containsEntry("context " + attempt, "team-c")
        .containsEntry("execution " + trained.getExecutionId(), "team-c")
        .containsEntry("artifact " + trained.getArtifactIds(0), "team-c")
        .containsEntry("execution " + loose.getExecutionId(), "team-b");
    assertThat(known.all())
        .as("the namespaces written here are known without reading the table again")
        .containsExactly("team-a", "team-b", "team-c");

    // A start without the table's upkeep marks it incomplete; the next back-fill derives the same.
    NodeNamespaces.markIncomplete(mlmd.store().database());
    mlmd.store().database().write(tx -> tx.sql().execute("DELETE FROM mnemos_node_namespace"));
    assertThat(table(mlmd)).isEmpty();
    assertThat(
            new NodeNamespaces(NamespaceAccess.OPEN, known, "")
                .backfillIfNeeded(mlmd.store().database()))
        .isTrue();
    assertThat(table(mlmd)).isEqualTo(moved);
    assertThat(
            new NodeNamespaces(NamespaceAccess.OPEN, known, "")
                .backfillIfNeeded(mlmd.store().database()))
        .as("complete now")
        .isFalse();
  }

  @StoreTest
  void replicasStartingTogetherDeriveOnce(Mlmd mlmd) throws Exception {
    long runType = mlmd.contextType("system.PipelineRun");
    for (int i = 0; i < 5; i++) {
      long run = context(mlmd, runType, "run-" + i, Map.of("namespace", text("team-a")));
      step(mlmd, List.of(run), "", "s3://models/" + i);
    }
    NodeNamespaces.markIncomplete(mlmd.store().database());
    mlmd.store().database().write(tx -> tx.sql().execute("DELETE FROM mnemos_node_namespace"));
    KnownNamespaces known = new KnownNamespaces(mlmd.store().database(), Duration.ofMinutes(1));

    List<Callable<Boolean>> starts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      starts.add(
          () ->
              new NodeNamespaces(NamespaceAccess.OPEN, known, "")
                  .backfillIfNeeded(mlmd.store().database()));
    }

    // Without a lock each derived, and one's emptying of the table hid the nodes another had done.
    assertThat(AllAtOnce.run(starts)).as("which replicas derived").containsOnlyOnce(true);
    Map<String, String> derived = table(mlmd);
    assertThat(derived).hasSize(15);
    assertThat(derived.values()).containsOnly("team-a");
  }
}
