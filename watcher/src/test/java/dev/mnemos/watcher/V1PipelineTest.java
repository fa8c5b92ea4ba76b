package dev.mnemos.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.GetArtifactTypesByIDRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByContextRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByURIRequest;
import dev.mnemos.proto.mlmd.GetArtifactsRequest;
import dev.mnemos.proto.mlmd.GetContextByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.GetEventsByArtifactIDsRequest;
import dev.mnemos.proto.mlmd.GetExecutionTypesByIDRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByContextRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByExternalIdsRequest;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreBackends;
import dev.mnemos.watcher.argo.ArgoKeys;
import dev.mnemos.watcher.argo.ArgoKinds;
import dev.mnemos.watcher.testing.Argo;
import dev.mnemos.watcher.testing.V1Pipeline;
import dev.mnemos.watcher.testing.WatcherStack;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@EnableKubernetesMockClient(crud = true)
class V1PipelineTest {

  KubernetesClient client;

  /** Every Argo release on every backend. */
  static Stream<Arguments> argoOnEveryBackend() {
    return Stream.of(Argo.values())
        .flatMap(argo -> StoreBackends.backends().stream().map(b -> Arguments.of(argo, b)));
  }

  @Test
  void anEndedStepWhoseTaskResultTheInformerNeverDeliveredIsReadFromTheApiServer()
      throws Exception {
    // After a broken watch a pod's end arrived before its task result, and the step stayed
    // recorded without outputs (RealApiServerTest, once in six fresh-clone runs). Here the task
    // results carry no workflow label, so the informer never sees them; only a read finds them.
    try (WatcherStack stack = WatcherStack.start(client)) {
      V1Pipeline run = V1Pipeline.threeSteps("unseen-results-b4n8q", Argo.V34_TASK_RESULTS);
      stack.apply(ArgoKinds.WORKFLOWS, run.workflowResource());
      for (V1Pipeline.Step step : run.steps()) {
        stack.apply(run.pod(step, "Running"));
        GenericKubernetesResource result = run.taskResult(step);
        result.getMetadata().getLabels().remove(ArgoKeys.WORKFLOW);
        stack.apply(ArgoKinds.TASK_RESULTS, result);
        stack.apply(run.pod(step, "Succeeded"));
      }
      WatcherStack.await(
          "the model's producer and consumer",
          () ->
              completeSteps(stack, run) == 3
                  && eventsOf(stack.api(), run, "train", "model").size() == 2);
    }
  }

  @ParameterizedTest
  @MethodSource("argoOnEveryBackend")
  void aThreeStepPipelineIsRecordedConnectedEndToEnd(Argo argo, Backend backend) throws Exception {
    try (WatcherStack stack = WatcherStack.start(client, backend)) {
      V1Pipeline run = V1Pipeline.threeSteps("file-passing-txmqj", argo);
      stack.play(run);
      MetadataStoreServiceBlockingStub api = stack.api();
      WatcherStack.await(
          "three complete steps with their outputs",
          () ->
              completeSteps(stack, run) == 3
                  && eventsOf(api, run, "evaluate", "metrics").size() == 1);

      Artifact dataset = artifactAt(api, run.uri(run.step("preprocess"), "dataset"));
      Artifact model = artifactAt(api, run.uri(run.step("train"), "model"));
      Artifact metrics = artifactAt(api, run.uri(run.step("evaluate"), "metrics"));
      Execution preprocess = execution(stack, run, "preprocess");
      Execution train = execution(stack, run, "train");
      Execution evaluate = execution(stack, run, "evaluate");

      // dataset -> train -> model -> evaluate -> metrics, and preprocess -> dataset
      assertThat(edges(api, dataset))
          .containsExactlyInAnyOrder(
              edge(preprocess, Event.Type.OUTPUT, "dataset"),
              edge(train, Event.Type.INPUT, "dataset"));
      assertThat(edges(api, model))
          .containsExactlyInAnyOrder(
              edge(train, Event.Type.OUTPUT, "model"), edge(evaluate, Event.Type.INPUT, "model"));
      assertThat(edges(api, metrics)).containsExactly(edge(evaluate, Event.Type.OUTPUT, "metrics"));

      assertThat(typeName(api, dataset)).isEqualTo("CSV");
      assertThat(typeName(api, model)).isEqualTo("Model");
      assertThat(
              api.getExecutionTypesByID(
                      GetExecutionTypesByIDRequest.newBuilder()
                          .addTypeIds(train.getTypeId())
                          .build())
                  .getExecutionTypes(0)
                  .getName())
          .matches("components\\.Train@sha256=[0-9a-f]{64}");
      assertThat(train.getPropertiesMap().get("component_id").getStringValue()).isEqualTo("Train");
      assertThat(train.getPropertiesMap().get("run_id").getStringValue()).isEqualTo(run.workflow());
      assertThat(train.getCustomPropertiesMap().get("input:epochs").getStringValue())
          .isEqualTo("10");
      assertThat(train.getCustomPropertiesMap().get("kfp_pod_name").getStringValue())
          .isEqualTo(run.podName(run.step("train")));
      assertThat(train.getCustomPropertiesMap().get("pod_uid").getStringValue())
          .isEqualTo(stack.uidOf(run.podName(run.step("train"))));
      assertThat(train.getCustomPropertiesMap().get("namespace").getStringValue())
          .isEqualTo(V1Pipeline.NAMESPACE);
      assertThat(train.getCustomPropertiesMap().get("image").getStringValue())
          .isEqualTo("python:3.7");
      assertThat(train.getCustomPropertiesMap().get("exit_code").getIntValue()).isZero();
      assertThat(train.getCustomPropertiesMap().get("started_at").getStringValue())
          .isEqualTo("2026-11-28T10:00:05Z");
      assertThat(train.getCustomPropertiesMap().get("finished_at").getStringValue())
          .isEqualTo("2026-11-28T10:03:12Z");

      long runId = runContextId(api, run);
      assertThat(
              api.getExecutionsByContext(
                      GetExecutionsByContextRequest.newBuilder().setContextId(runId).build())
                  .getExecutionsCount())
          .isEqualTo(3);
      assertThat(
              api.getArtifactsByContext(
                      GetArtifactsByContextRequest.newBuilder().setContextId(runId).build())
                  .getArtifactsList())
          .extracting(Artifact::getId)
          .contains(dataset.getId(), model.getId(), metrics.getId());
      // Three outputs and three logs; each output exactly once.
      assertThat(api.getArtifacts(GetArtifactsRequest.getDefaultInstance()).getArtifactsCount())
          .isEqualTo(6);
      assertThat(stack.metrics().lagCount()).isEqualTo(3);
    }
  }

  static long completeSteps(WatcherStack stack, V1Pipeline run) {
    return run.steps().stream()
        .map(step -> executionOrNull(stack, run, step.template()))
        .filter(e -> e != null && e.getLastKnownState() == Execution.State.COMPLETE)
        .count();
  }

  static List<Event> eventsOf(
      MetadataStoreServiceBlockingStub api, V1Pipeline run, String template, String output) {
    List<Artifact> artifacts =
        api.getArtifactsByURI(
                GetArtifactsByURIRequest.newBuilder()
                    .addUris(run.uri(run.step(template), output))
                    .build())
            .getArtifactsList();
    if (artifacts.isEmpty()) {
      return List.of();
    }
    return api.getEventsByArtifactIDs(
            GetEventsByArtifactIDsRequest.newBuilder()
                .addArtifactIds(artifacts.getFirst().getId())
                .build())
        .getEventsList();
  }

  static Artifact artifactAt(MetadataStoreServiceBlockingStub api, String uri) {
    List<Artifact> found =
        api.getArtifactsByURI(GetArtifactsByURIRequest.newBuilder().addUris(uri).build())
            .getArtifactsList();
    assertThat(found).as("artifacts at " + uri).hasSize(1);
    return found.getFirst();
  }

  static Execution execution(WatcherStack stack, V1Pipeline run, String template) {
    Execution execution = executionOrNull(stack, run, template);
    assertThat(execution).as("execution of " + template).isNotNull();
    return execution;
  }

  static Execution executionOrNull(WatcherStack stack, V1Pipeline run, String template) {
    MetadataStoreServiceBlockingStub api = stack.api();
    String uid = stack.uidOf(run.podName(run.step(template)));
    if (uid == null) {
      return null;
    }
    try {
      return api.getExecutionsByExternalIds(
              GetExecutionsByExternalIdsRequest.newBuilder()
                  .addExternalIds("k8s/pod/" + uid)
                  .build())
          .getExecutions(0);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  static long runContextId(MetadataStoreServiceBlockingStub api, V1Pipeline run) {
    return api.getContextByTypeAndName(
            GetContextByTypeAndNameRequest.newBuilder()
                .setTypeName("KfpRun")
                .setContextName(run.workflow())
                .build())
        .getContext()
        .getId();
  }

  static String typeName(MetadataStoreServiceBlockingStub api, Artifact artifact) {
    return api.getArtifactTypesByID(
            GetArtifactTypesByIDRequest.newBuilder().addTypeIds(artifact.getTypeId()).build())
        .getArtifactTypes(0)
        .getName();
  }

  record Edge(long executionId, Event.Type type, String key) {}

  static Edge edge(Execution execution, Event.Type type, String key) {
    return new Edge(execution.getId(), type, key);
  }

  static List<Edge> edges(MetadataStoreServiceBlockingStub api, Artifact artifact) {
    return api
        .getEventsByArtifactIDs(
            GetEventsByArtifactIDsRequest.newBuilder().addArtifactIds(artifact.getId()).build())
        .getEventsList()
        .stream()
        .map(e -> new Edge(e.getExecutionId(), e.getType(), e.getPath().getSteps(0).getKey()))
        .toList();
  }
}
