package dev.mnemos.watcher.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.watcher.argo.ArgoArtifact;
import dev.mnemos.watcher.testing.Argo;
import dev.mnemos.watcher.testing.Fixtures;
import dev.mnemos.watcher.testing.V1Pipeline;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepPodsTest {

  @Test
  void aCompletedV1PodGivesItsStepFacts() {
    StepPod step = StepPods.read(Fixtures.pod("v1-step-pod-argo33.json"), false);

    assertThat(step.kind()).isEqualTo(StepKind.V1_STEP);
    assertThat(step.state()).isEqualTo(Execution.State.COMPLETE);
    assertThat(step.workflow()).isEqualTo("file-passing-pipelines-txmqj");
    assertThat(step.nodeId()).isEqualTo("file-passing-pipelines-txmqj-2254123803");
    assertThat(step.image()).isEqualTo("python:3.7");
    assertThat(step.exitCode()).contains(0);
    assertThat(step.started()).contains(Instant.parse("2026-11-28T10:00:05Z"));
    assertThat(step.finished()).contains(Instant.parse("2026-11-28T10:03:12Z"));
    assertThat(step.writerExecutionId()).contains(17L);
    assertThat(step.component().orElseThrow().name()).isEqualTo("Train");
    assertThat(step.component().orElseThrow().outputType("model")).isEqualTo("Model");
    assertThat(step.component().orElseThrow().outputType("mlpipeline-ui-metadata"))
        .isEqualTo("NoType");
    assertThat(step.template().orElseThrow().name()).isEqualTo("train");
    assertThat(step.template().orElseThrow().inputArtifacts())
        .extracting(ArgoArtifact::path)
        .containsExactly("/tmp/inputs/dataset/data");
    assertThat(step.annotatedOutputs().orElseThrow().artifacts())
        .extracting(ArgoArtifact::name)
        .containsExactly("train-model", "main-logs");
  }

  @Test
  void theTemplateIsFoundOnTheInitContainerFromArgo36AndNotWhenOffloaded() {
    V1Pipeline run = V1Pipeline.threeSteps("init-only-h6j7k", Argo.V36_INIT_TEMPLATE);

    StepPod evaluate = StepPods.read(run.pod(run.step("evaluate"), "Running"), false);
    StepPod train = StepPods.read(run.pod(run.step("train"), "Running"), false);

    assertThat(evaluate.template().orElseThrow().name()).isEqualTo("evaluate");
    assertThat(train.template()).isEmpty();
    assertThat(train.state()).isEqualTo(Execution.State.RUNNING);
    assertThat(evaluate.nodeId()).isEqualTo(run.nodeId(run.step("evaluate")));
    assertThat(evaluate.pod().name()).isNotEqualTo(evaluate.nodeId());
  }

  @Test
  void aPodDeletedBeforeItEndedIsCanceledAndOneThatEndedKeepsItsState() {
    V1Pipeline run = V1Pipeline.threeSteps("deleted-p0o9i", Argo.V3_KEY_ONLY);

    assertThat(StepPods.read(run.pod(run.step("train"), "Running"), true).state())
        .isEqualTo(Execution.State.CANCELED);
    assertThat(StepPods.read(run.pod(run.step("train"), "Succeeded"), true).state())
        .isEqualTo(Execution.State.COMPLETE);
    assertThat(StepPods.read(run.pod(run.step("train"), "Failed", 2), false).state())
        .isEqualTo(Execution.State.FAILED);
  }

  @Test
  void podsAreToldApartByKind() {
    assertThat(StepPods.read(Fixtures.pod("tfx-pod.json"), false).kind()).isEqualTo(StepKind.TFX);
    assertThat(StepPods.read(Fixtures.pod("v2-driver-pod.json"), false).kind())
        .isEqualTo(StepKind.V2_DRIVER);
    StepPod launcher =
        StepPods.read(
            Fixtures.pod(
                "v2-launcher-pod.json",
                Map.of(
                    "EXECUTION_ID", "123",
                    "INPUT_ARTIFACT_ID", "42",
                    "PHASE", "Running",
                    "EXIT_CODE", "0",
                    "REASON", "Completed")),
            false);
    assertThat(launcher.kind()).isEqualTo(StepKind.V2_LAUNCHER);
    assertThat(launcher.launcher().orElseThrow().executionId()).isEqualTo(123);
    assertThat(launcher.launcher().orElseThrow().inputArtifactIds())
        .isEqualTo(Map.of("dataset", List.of(42L)));
  }

  @Test
  void outputNamesAreSanitisedAsTheV1CompilerDoes() {
    assertThat(ComponentSpec.sanitise("MLPipeline UI metadata"))
        .isEqualTo("MLPipeline-UI-metadata");
    assertThat(ComponentSpec.sanitise("  out (1) ")).isEqualTo("out-1");
    assertThat(ComponentSpec.sanitise("a__b--c")).isEqualTo("a__b-c");
  }
}
