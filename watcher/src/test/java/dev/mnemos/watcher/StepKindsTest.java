package dev.mnemos.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.ExecutionType;
import dev.mnemos.proto.mlmd.GetArtifactsRequest;
import dev.mnemos.proto.mlmd.GetEventsByExecutionIDsRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByIDRequest;
import dev.mnemos.proto.mlmd.GetExecutionsRequest;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.proto.mlmd.PropertyType;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.proto.mlmd.PutContextTypeRequest;
import dev.mnemos.proto.mlmd.PutEventsRequest;
import dev.mnemos.proto.mlmd.PutExecutionTypeRequest;
import dev.mnemos.proto.mlmd.PutExecutionsRequest;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.watcher.argo.ArgoKinds;
import dev.mnemos.watcher.step.StepKind;
import dev.mnemos.watcher.testing.Argo;
import dev.mnemos.watcher.testing.Fixtures;
import dev.mnemos.watcher.testing.StoreContents;
import dev.mnemos.watcher.testing.V1Pipeline;
import dev.mnemos.watcher.testing.WatcherStack;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** Failed steps, cache hits, pods KFP's own writer recorded, TFX and KFP v2 pods. */
@EnableKubernetesMockClient(crud = true)
class StepKindsTest {

  KubernetesClient client;

  @Test
  void aFailedStepIsRecordedFailedWithItsExitCodeAndNoOutputs() throws Exception {
    try (WatcherStack stack = WatcherStack.start(client)) {
      V1Pipeline run = V1Pipeline.threeSteps("failing-r5t8u", Argo.V3_KEY_ONLY);
      stack.apply(ArgoKinds.WORKFLOWS, run.workflowResource());
      stack.playStep(run, run.step("preprocess"), "Failed");
      WatcherStack.await(
          "the failed step",
          () -> {
            Execution e = V1PipelineTest.executionOrNull(stack, run, "preprocess");
            return e != null && e.getLastKnownState() == Execution.State.FAILED;
          });
      stack.awaitIdle();
      Execution failed = V1PipelineTest.execution(stack, run, "preprocess");
      assertThat(failed.getCustomPropertiesMap().get("exit_code").getIntValue()).isEqualTo(1);
      // Only the step's log: a failed step wrote no dataset.
      assertThat(
              stack.api().getArtifacts(GetArtifactsRequest.getDefaultInstance()).getArtifactsList())
          .extracting(Artifact::getUri)
          .containsExactly(
              "minio://mlpipeline/artifacts/failing-r5t8u/2026/11/28/"
                  + run.podName(run.step("preprocess"))
                  + "/main.log");
    }
  }

  @Test
  void aCacheHitIsRecordedCachedAndPointsAtTheOriginalOutputs() throws Exception {
    try (WatcherStack stack = WatcherStack.start(client)) {
      V1Pipeline first = V1Pipeline.threeSteps("first-a1b2c", Argo.V3_KEY_ONLY);
      stack.play(first);
      WatcherStack.await("the first run", () -> V1PipelineTest.completeSteps(stack, first) == 3);
      stack.awaitIdle();
      Execution original = V1PipelineTest.execution(stack, first, "preprocess");
      Artifact dataset =
          V1PipelineTest.artifactAt(stack.api(), first.uri(first.step("preprocess"), "dataset"));
      int artifactsBefore = StoreContents.of(stack.api()).artifacts().size();

      V1Pipeline second = V1Pipeline.threeSteps("second-d3e4f", Argo.V3_KEY_ONLY);
      stack.apply(ArgoKinds.WORKFLOWS, second.workflowResource());
      stack.apply(second.cachedPod(second.step("preprocess"), first, original.getId()));
      WatcherStack.await(
          "the cached step",
          () -> V1PipelineTest.executionOrNull(stack, second, "preprocess") != null);
      stack.awaitIdle();

      Execution cached = V1PipelineTest.execution(stack, second, "preprocess");
      assertThat(cached.getLastKnownState()).isEqualTo(Execution.State.CACHED);
      assertThat(cached.getCustomPropertiesMap().get("cached_execution_id").getStringValue())
          .isEqualTo(String.valueOf(original.getId()));
      assertThat(V1PipelineTest.edges(stack.api(), dataset))
          .contains(V1PipelineTest.edge(cached, Event.Type.OUTPUT, "dataset"));
      assertThat(StoreContents.of(stack.api()).artifacts()).hasSize(artifactsBefore);
    }
  }

  @Test
  void aPodKfpsOwnWriterRecordedKeepsItsExecution() throws Exception {
    try (WatcherStack stack = WatcherStack.storeOnly(client, WatcherStack.testSettings())) {
      MetadataStoreServiceBlockingStub api = stack.api();
      Pod fixture = Fixtures.pod("v1-step-pod-argo33.json");
      String spec =
          fixture.getMetadata().getAnnotations().get("pipelines.kubeflow.org/component_spec");
      String digest =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(spec.getBytes(StandardCharsets.UTF_8)));
      // What KFP's metadata writer left: its execution of the step, and the producer's dataset.
      long typeId =
          api.putExecutionType(
                  PutExecutionTypeRequest.newBuilder()
                      .setExecutionType(
                          ExecutionType.newBuilder()
                              .setName("components.Train@sha256=" + digest)
                              .putProperties("pipeline_name", PropertyType.STRING)
                              .putProperties("run_id", PropertyType.STRING)
                              .putProperties("component_id", PropertyType.STRING))
                      .build())
              .getTypeId();
      long writers =
          api.putExecutions(
                  PutExecutionsRequest.newBuilder()
                      .addExecutions(
                          Execution.newBuilder()
                              .setTypeId(typeId)
                              .putProperties("component_id", string("Train"))
                              .putCustomProperties(
                                  "kfp_pod_name", string(fixture.getMetadata().getName())))
                      .build())
              .getExecutionIds(0);
      long datasetType =
          api.putArtifactType(
                  PutArtifactTypeRequest.newBuilder()
                      .setArtifactType(ArtifactType.newBuilder().setName("CSV"))
                      .build())
              .getTypeId();
      String datasetUri =
          "minio://mlpipeline/artifacts/file-passing-pipelines-txmqj/2026/11/28/"
              + "file-passing-pipelines-txmqj-1111111111/preprocess-dataset.tgz";
      long dataset =
          api.putArtifacts(
                  PutArtifactsRequest.newBuilder()
                      .addArtifacts(Artifact.newBuilder().setTypeId(datasetType).setUri(datasetUri))
                      .build())
              .getArtifactIds(0);

      stack.startWatcher();
      stack.apply(
          Fixtures.pod(
              "v1-step-pod-argo33.json",
              Map.of(
                  "\"pipelines.kubeflow.org/metadata_execution_id\": \"17\"",
                  "\"pipelines.kubeflow.org/metadata_execution_id\": \"" + writers + "\"")));
      WatcherStack.await(
          "the adopted execution",
          () -> execution(api, writers).getLastKnownState() == Execution.State.COMPLETE);
      stack.awaitIdle();

      Execution adopted = execution(api, writers);
      assertThat(api.getExecutions(GetExecutionsRequest.getDefaultInstance()).getExecutionsList())
          .extracting(Execution::getId)
          .containsExactly(writers);
      assertThat(adopted.getExternalId()).startsWith("k8s/pod/");
      assertThat(adopted.getCustomPropertiesMap())
          .containsEntry("input:epochs", string("10"))
          .containsEntry("input:learning_rate", Value.newBuilder().setDoubleValue(0.01).build())
          .containsEntry("input:layers", Value.newBuilder().setIntValue(3).build())
          .containsEntry("image", string("python:3.7"));
      List<Event> events = events(api, writers);
      assertThat(events)
          .extracting(Event::getType, Event::getArtifactId)
          .contains(Tuple.tuple(Event.Type.INPUT, dataset));
      Artifact model =
          V1PipelineTest.artifactAt(
              api,
              "minio://mlpipeline/artifacts/file-passing-pipelines-txmqj/2026/11/28/"
                  + "file-passing-pipelines-txmqj-2254123803/train-model.tgz");
      assertThat(V1PipelineTest.typeName(api, model)).isEqualTo("Model");
    }
  }

  @Test
  void aStepTheStoreRefusesIsGivenUpAndCountedFailed() throws Exception {
    try (WatcherStack stack = WatcherStack.storeOnly(client, WatcherStack.testSettings())) {
      // Someone else's KfpRun type, whose run_id is an int: the watcher's string run_id conflicts.
      stack
          .api()
          .putContextType(
              PutContextTypeRequest.newBuilder()
                  .setContextType(
                      ContextType.newBuilder()
                          .setName("KfpRun")
                          .putProperties("run_id", PropertyType.INT))
                  .build());
      stack.startWatcher();
      V1Pipeline run = V1Pipeline.threeSteps("refused-z1x2c", Argo.V3_KEY_ONLY);
      stack.apply(ArgoKinds.WORKFLOWS, run.workflowResource());
      stack.apply(run.pod(run.step("preprocess"), "Succeeded"));

      WatcherStack.await("the pod given up", () -> stack.metrics().failedCount() == 1);
      assertThat(stack.metrics().retryCount()).isEqualTo(3);
      assertThat(StoreContents.of(stack.api()).executions()).isEmpty();
    }
  }

  @Test
  void tfxPodsAndKfpV2DriverPodsAreLeftAlone() throws Exception {
    try (WatcherStack stack = WatcherStack.start(client)) {
      stack.apply(Fixtures.pod("tfx-pod.json"));
      stack.apply(Fixtures.pod("v2-driver-pod.json"));
      WatcherStack.await(
          "both pods skipped",
          () ->
              stack.metrics().skippedCount(StepKind.TFX) == 1
                  && stack.metrics().skippedCount(StepKind.V2_DRIVER) == 1);
      stack.awaitIdle();
      StoreContents contents = StoreContents.of(stack.api());
      assertThat(contents.executions()).isEmpty();
      assertThat(contents.artifacts()).isEmpty();
      assertThat(contents.contexts()).isEmpty();
    }
  }

  @Test
  void aKfpV2ExecutorPodAddsOnlyWhatTheLauncherLeftOut() throws Exception {
    try (WatcherStack stack = WatcherStack.start(client)) {
      MetadataStoreServiceBlockingStub api = stack.api();
      V2Step step = V2Step.create(api, Execution.State.COMPLETE, true);
      stack.apply(step.pod("Succeeded", 0, "Completed"));
      WatcherStack.await(
          "the pod facts",
          () -> execution(api, step.executionId).containsCustomProperties("node_id"));
      stack.awaitIdle();

      Execution linked = execution(api, step.executionId);
      assertThat(linked.getLastKnownState()).isEqualTo(Execution.State.COMPLETE);
      assertThat(linked.getCustomPropertiesMap())
          .containsEntry("pod_name", string("as-the-launcher-wrote-it"))
          .containsEntry("image", string("python:3.11"))
          .containsEntry("node_id", string("add-numbers-xk2p9-1735210447"))
          .containsEntry("finished_at", string("2026-11-28T11:00:09Z"));
      assertThat(events(api, step.executionId)).hasSize(1);
      assertThat(api.getExecutions(GetExecutionsRequest.getDefaultInstance()).getExecutionsCount())
          .isEqualTo(1);
    }
  }

  @Test
  void aKfpV2ExecutorPodThatDiedEndsTheExecutionTheLauncherCouldNot() throws Exception {
    try (WatcherStack stack = WatcherStack.start(client)) {
      MetadataStoreServiceBlockingStub api = stack.api();
      V2Step step = V2Step.create(api, Execution.State.RUNNING, false);
      stack.apply(step.pod("Failed", 137, "OOMKilled"));
      WatcherStack.await(
          "the failed execution",
          () -> execution(api, step.executionId).getLastKnownState() == Execution.State.FAILED);
      stack.awaitIdle();

      Execution failed = execution(api, step.executionId);
      assertThat(failed.getCustomPropertiesMap())
          .containsEntry("exit_code", Value.newBuilder().setIntValue(137).build())
          .containsEntry("pod_name", string("add-numbers-xk2p9-system-container-impl-1735210447"));
      // The input named in --executor_input, which the driver had not recorded.
      assertThat(events(api, step.executionId))
          .extracting(Event::getType, Event::getArtifactId)
          .containsExactly(Tuple.tuple(Event.Type.INPUT, step.datasetId));
      StoreContents linked = StoreContents.of(api);

      stack.restartWatcher();
      WatcherStack.await("the relist", () -> stack.metrics().seenCount() == 1);
      stack.awaitIdle();
      assertThat(StoreContents.of(api)).isEqualTo(linked);
    }
  }

  /** A KFP v2 task as its driver (and maybe launcher) recorded it before the pod is seen. */
  private record V2Step(long executionId, long datasetId) {

    static V2Step create(
        MetadataStoreServiceBlockingStub api, Execution.State state, boolean launcherRan) {
      long datasetType =
          api.putArtifactType(
                  PutArtifactTypeRequest.newBuilder()
                      .setArtifactType(ArtifactType.newBuilder().setName("system.Dataset"))
                      .build())
              .getTypeId();
      long dataset =
          api.putArtifacts(
                  PutArtifactsRequest.newBuilder()
                      .addArtifacts(
                          Artifact.newBuilder()
                              .setTypeId(datasetType)
                              .setUri("minio://mlpipeline/v2/artifacts/add-numbers/dataset")
                              .setState(Artifact.State.LIVE))
                      .build())
              .getArtifactIds(0);
      long containerType =
          api.putExecutionType(
                  PutExecutionTypeRequest.newBuilder()
                      .setExecutionType(
                          ExecutionType.newBuilder().setName("system.ContainerExecution"))
                      .build())
              .getTypeId();
      Execution.Builder execution =
          Execution.newBuilder()
              .setTypeId(containerType)
              .setLastKnownState(state)
              .putCustomProperties("display_name", string("add-numbers"))
              .putCustomProperties("image", string(""));
      if (launcherRan) {
        execution
            .putCustomProperties("pod_name", string("as-the-launcher-wrote-it"))
            .putCustomProperties("namespace", string("kubeflow-user-example-com"));
      }
      long id =
          api.putExecutions(PutExecutionsRequest.newBuilder().addExecutions(execution).build())
              .getExecutionIds(0);
      if (launcherRan) {
        api.putEvents(
            PutEventsRequest.newBuilder()
                .addEvents(
                    Event.newBuilder()
                        .setExecutionId(id)
                        .setArtifactId(dataset)
                        .setType(Event.Type.INPUT)
                        .setPath(
                            Event.Path.newBuilder()
                                .addSteps(Event.Path.Step.newBuilder().setKey("dataset"))))
                .build());
      }
      return new V2Step(id, dataset);
    }

    Pod pod(String phase, int exitCode, String reason) {
      return Fixtures.pod(
          "v2-launcher-pod.json",
          Map.of(
              "EXECUTION_ID", String.valueOf(executionId),
              "INPUT_ARTIFACT_ID", String.valueOf(datasetId),
              "PHASE", phase,
              "EXIT_CODE", String.valueOf(exitCode),
              "REASON", reason));
    }
  }

  private static Execution execution(MetadataStoreServiceBlockingStub api, long id) {
    return api.getExecutionsByID(GetExecutionsByIDRequest.newBuilder().addExecutionIds(id).build())
        .getExecutions(0);
  }

  private static List<Event> events(MetadataStoreServiceBlockingStub api, long executionId) {
    return api.getEventsByExecutionIDs(
            GetEventsByExecutionIDsRequest.newBuilder().addExecutionIds(executionId).build())
        .getEventsList();
  }

  private static Value string(String value) {
    return Value.newBuilder().setStringValue(value).build();
  }
}
