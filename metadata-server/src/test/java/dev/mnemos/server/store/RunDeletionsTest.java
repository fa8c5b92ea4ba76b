package dev.mnemos.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.GetArtifactsByIDRequest;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.ArtifactMark;
import dev.mnemos.server.model.DeletionReport;
import dev.mnemos.server.model.DeletionRequest;
import dev.mnemos.server.testing.Dangling;
import dev.mnemos.server.testing.Mlmd;
import dev.mnemos.server.testing.RunGraph;
import dev.mnemos.server.testing.StoreTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The deletion rule of docs/lifecycle.md on both backends: what belongs only to deleted runs goes
 * with every row that refers to it; what a kept node descends from, and what a protection filter
 * names, stays with its producers; a run that keeps something stays, marked; nothing dangles.
 */
class RunDeletionsTest {

  private static DeletionRequest deleting(long... runs) {
    return request(Optional.empty(), runs);
  }

  private static DeletionRequest request(Optional<String> protectedArtifacts, long... runs) {
    List<Long> ids = new ArrayList<>();
    for (long run : runs) {
      ids.add(run);
    }
    return new DeletionRequest(
        Set.copyOf(ids), Set.of(RunGraph.RUN_TYPE), protectedArtifacts, Optional.empty());
  }

  private static DeletionReport delete(Mlmd mlmd, DeletionRequest request) {
    return mlmd.store().deletions().delete(request, BatchPace.fixed(1), report -> {});
  }

  private static boolean exists(Mlmd mlmd, NodeKind kind, long id) {
    return mlmd.store().graph().nodes(kind, List.of(id)).containsKey(id);
  }

  @StoreTest
  void aRunGoesWithEverythingThatBelongedOnlyToIt(Mlmd mlmd) throws Exception {
    RunGraph g = new RunGraph(mlmd);
    long pipeline = g.pipeline("train");
    long run = g.run("run-1", pipeline);
    long other = g.run("run-2", pipeline);
    long data = g.dataset("s3://b/run-1/data", run, pipeline);
    long model = g.model("s3://b/run-1/model", false, run, pipeline);
    long step = g.step(run, List.of(data), List.of(model), pipeline);
    long otherData = g.dataset("s3://b/run-2/data", other, pipeline);

    DeletionReport planned = mlmd.store().deletions().plan(deleting(run));
    DeletionReport done = delete(mlmd, deleting(run));

    assertThat(done).isEqualTo(planned);
    assertThat(done.removedRuns()).containsExactly(run);
    assertThat(done.retainedRuns()).isEmpty();
    assertThat(done.artifacts()).containsExactly(data, model);
    assertThat(done.executions()).containsExactly(step);
    assertThat(done.artifactUris().values())
        .containsExactly("s3://b/run-1/data", "s3://b/run-1/model");
    assertThat(exists(mlmd, NodeKind.CONTEXT, run)).isFalse();
    assertThat(exists(mlmd, NodeKind.ARTIFACT, model)).isFalse();
    assertThat(exists(mlmd, NodeKind.EXECUTION, step)).isFalse();
    assertThat(exists(mlmd, NodeKind.CONTEXT, pipeline)).isTrue();
    assertThat(exists(mlmd, NodeKind.CONTEXT, other)).isTrue();
    assertThat(exists(mlmd, NodeKind.ARTIFACT, otherData)).isTrue();
    assertThat(Dangling.rows(mlmd.jdbcUrl())).isEmpty();
  }

  @StoreTest
  void markingSetsTheStateOfWhatWouldGoAndRemovesNothing(Mlmd mlmd) throws Exception {
    RunGraph g = new RunGraph(mlmd);
    long pipeline = g.pipeline("train");
    long run = g.run("run-1", pipeline);
    long data = g.dataset("s3://b/run-1/data", run);
    long model = g.model("s3://b/run-1/model", false, run);
    long step = g.step(run, List.of(data), List.of(model));
    long other = g.dataset("s3://b/other", g.run("run-2", pipeline));

    DeletionReport marked = mlmd.store().deletions().mark(deleting(run), ArtifactMark.DELETED);
    var artifacts =
        mlmd.api()
            .getArtifactsByID(
                GetArtifactsByIDRequest.newBuilder()
                    .addAllArtifactIds(List.of(data, model, other))
                    .build())
            .getArtifactsList();
    DeletionReport again = mlmd.store().deletions().mark(deleting(run), ArtifactMark.DELETED);
    var unchanged =
        mlmd.api()
            .getArtifactsByID(
                GetArtifactsByIDRequest.newBuilder()
                    .addAllArtifactIds(List.of(data, model))
                    .build())
            .getArtifactsList();

    assertThat(marked.artifacts()).containsExactly(data, model);
    assertThat(marked.removedRuns()).isEmpty();
    assertThat(marked.executions()).isEmpty();
    assertThat(artifacts)
        .extracting(Artifact::getId, Artifact::getState)
        .containsExactly(
            tuple(data, Artifact.State.DELETED),
            tuple(model, Artifact.State.DELETED),
            tuple(other, Artifact.State.UNKNOWN));
    assertThat(exists(mlmd, NodeKind.CONTEXT, run)).isTrue();
    assertThat(exists(mlmd, NodeKind.EXECUTION, step)).isTrue();
    assertThat(again.artifacts()).isEqualTo(marked.artifacts());
    assertThat(unchanged).isEqualTo(artifacts.subList(0, 2));
  }

  @StoreTest
  void theDatasetAKeptRunReadStaysWithTheStepThatWroteIt(Mlmd mlmd) throws Exception {
    RunGraph g = new RunGraph(mlmd);
    long pipeline = g.pipeline("train");
    long old = g.run("run-1", pipeline);
    long kept = g.run("run-2", pipeline);
    long raw = g.dataset("s3://b/raw", old);
    long prepared = g.dataset("s3://b/run-1/prepared", old);
    long scratch = g.dataset("s3://b/run-1/scratch", old);
    long prepare = g.step(old, List.of(raw), List.of(prepared, scratch));
    long unrelated = g.step(old, List.of(), List.of());
    long model = g.model("s3://b/run-2/model", false, kept);
    long train = g.step(kept, List.of(prepared), List.of(model));

    DeletionReport done = delete(mlmd, deleting(old));

    // prepared feeds a kept step, so it stays with what made it: prepare and prepare's input raw.
    assertThat(done.artifacts()).containsExactly(scratch);
    assertThat(done.executions()).containsExactly(unrelated);
    assertThat(done.removedRuns()).isEmpty();
    assertThat(done.retainedRuns()).containsExactly(old);
    for (long artifact : List.of(raw, prepared, model)) {
      assertThat(exists(mlmd, NodeKind.ARTIFACT, artifact)).isTrue();
    }
    assertThat(exists(mlmd, NodeKind.EXECUTION, prepare)).isTrue();
    assertThat(exists(mlmd, NodeKind.EXECUTION, train)).isTrue();
    var run = mlmd.store().graph().nodes(NodeKind.CONTEXT, List.of(old)).get(old);
    assertThat(run).isNotNull();
    assertThat(run.customProperties().get(RunDeletions.RETAINED_PROPERTY).getBoolValue()).isTrue();
    assertThat(Dangling.rows(mlmd.jdbcUrl())).isEmpty();
  }

  @StoreTest
  void anOldOutputAttributedToAKeptRunByACacheHitStays(Mlmd mlmd) throws Exception {
    RunGraph g = new RunGraph(mlmd);
    long pipeline = g.pipeline("train");
    long old = g.run("run-1", pipeline);
    long kept = g.run("run-2", pipeline);
    long data = g.dataset("s3://b/raw", old);
    long output = g.dataset("s3://b/run-1/out", old);
    long step = g.step(old, List.of(data), List.of(output));
    g.attribute(kept, output);

    DeletionReport done = delete(mlmd, deleting(old));

    assertThat(done.artifacts()).isEmpty();
    assertThat(done.executions()).isEmpty();
    assertThat(done.retainedRuns()).containsExactly(old);
    assertThat(exists(mlmd, NodeKind.EXECUTION, step)).isTrue();
    assertThat(exists(mlmd, NodeKind.ARTIFACT, data)).isTrue();
  }

  @StoreTest
  void aKeptArtifactHoldsBackTheStepThatFirstWroteItNotLaterWriters(Mlmd mlmd) throws Exception {
    RunGraph g = new RunGraph(mlmd);
    long pipeline = g.pipeline("train");
    // KFP's importer writes the shared dataset again in every run, and a cache hit writes the
    // original's outputs again: the first writer is where the artifact came from.
    // Here the dataset is attributed to no run, so only lineage can keep it.
    long census = g.dataset("s3://b/census", pipeline);
    List<Long> runs = new ArrayList<>();
    List<Long> importers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      long run = g.run("run-" + i, pipeline);
      runs.add(run);
      importers.add(g.step(run, List.of(), List.of(census)));
      g.step(run, List.of(census), List.of(g.model("s3://b/run-" + i + "/model", false, run)));
    }
    long kept = g.run("kept", pipeline);
    long keptImporter = g.step(kept, List.of(), List.of(census));

    DeletionReport done =
        delete(mlmd, deleting(runs.stream().mapToLong(Long::longValue).toArray()));

    assertThat(exists(mlmd, NodeKind.ARTIFACT, census)).isTrue();
    assertThat(done.retainedRuns()).containsExactly(runs.getFirst());
    assertThat(done.removedRuns()).containsExactlyElementsOf(runs.subList(1, 4));
    assertThat(done.executions()).containsAll(importers.subList(1, 4));
    assertThat(exists(mlmd, NodeKind.EXECUTION, importers.getFirst())).isTrue();
    assertThat(exists(mlmd, NodeKind.EXECUTION, keptImporter)).isTrue();
    assertThat(Dangling.rows(mlmd.jdbcUrl())).isEmpty();
  }

  @StoreTest
  void aProtectedModelStaysWithItsWholeUpstream(Mlmd mlmd) throws Exception {
    RunGraph g = new RunGraph(mlmd);
    long pipeline = g.pipeline("train");
    long run = g.run("run-1", pipeline);
    long data = g.dataset("s3://b/data", run);
    long features = g.dataset("s3://b/features", run);
    long registered = g.model("s3://b/model-a", true, run);
    long draft = g.model("s3://b/model-b", false, run);
    long featurize = g.step(run, List.of(data), List.of(features));
    long trainA = g.step(run, List.of(features), List.of(registered));
    long trainB = g.step(run, List.of(features), List.of(draft));
    DeletionRequest request =
        request(
            Optional.of("type = 'system.Model' AND custom_properties.registered.bool_value = true"),
            run);

    DeletionReport planned = mlmd.store().deletions().plan(request);
    DeletionReport done = delete(mlmd, request);

    assertThat(done).isEqualTo(planned);
    assertThat(done.artifacts()).containsExactly(draft);
    assertThat(done.executions()).containsExactly(trainB);
    assertThat(done.retainedRuns()).containsExactly(run);
    for (long execution : List.of(featurize, trainA)) {
      assertThat(exists(mlmd, NodeKind.EXECUTION, execution)).isTrue();
    }
    for (long artifact : List.of(data, features, registered)) {
      assertThat(exists(mlmd, NodeKind.ARTIFACT, artifact)).isTrue();
    }
    assertThat(Dangling.rows(mlmd.jdbcUrl())).isEmpty();
  }

  @StoreTest
  void nestedRunsGoWithTheirParentAndKeepItWhileOneStays(Mlmd mlmd) throws Exception {
    RunGraph g = new RunGraph(mlmd);
    long pipeline = g.pipeline("train");
    long parent = g.run("run-1", pipeline);
    long child = g.run("run-1-inner", parent);
    long output = g.dataset("s3://b/inner/out", child);
    long step = g.step(child, List.of(), List.of(output));

    DeletionReport done = delete(mlmd, deleting(parent));

    assertThat(done.removedRuns()).containsExactly(parent, child);
    assertThat(done.executions()).containsExactly(step);
    assertThat(Dangling.rows(mlmd.jdbcUrl())).isEmpty();

    long parent2 = g.run("run-2", pipeline);
    long child2 = g.run("run-2-inner", parent2);
    long kept = g.run("run-3", pipeline);
    long output2 = g.dataset("s3://b/inner2/out", child2);
    g.step(child2, List.of(), List.of(output2));
    g.step(kept, List.of(output2), List.of());

    DeletionReport second = delete(mlmd, deleting(parent2));

    assertThat(second.retainedRuns()).containsExactly(parent2, child2);
    assertThat(mlmd.store().graph().parents(List.of(child2)).get(child2)).containsExactly(parent2);
  }

  @StoreTest
  void batchesOfOneRemoveWhatDecidingForAllAtOnceWould(Mlmd mlmd) throws Exception {
    RunGraph g = new RunGraph(mlmd);
    long pipeline = g.pipeline("train");
    // A chain of runs, each reading the previous one's output: deleting them newest first or
    // oldest first, one at a time, must end where deciding for all of them at once does.
    List<Long> runs = new ArrayList<>();
    List<Long> outputs =
        new ArrayList<>(List.of(g.dataset("s3://b/seed", g.run("seed", pipeline))));
    for (int i = 0; i < 6; i++) {
      long run = g.run("run-" + i, pipeline);
      runs.add(run);
      long output = g.dataset("s3://b/run-" + i, run);
      g.step(run, List.of(outputs.getLast()), List.of(output));
      outputs.add(output);
    }
    // A kept run read run-2's output: runs 0 to 2 stay for it, 3 to 5 go.
    g.step(g.run("keeper", pipeline), List.of(outputs.get(3)), List.of());
    long[] chain = runs.stream().mapToLong(Long::longValue).toArray();

    DeletionReport planned = mlmd.store().deletions().plan(deleting(chain));
    DeletionReport done = delete(mlmd, deleting(chain));

    assertThat(done.artifacts()).isEqualTo(planned.artifacts());
    assertThat(done.executions()).isEqualTo(planned.executions());
    assertThat(done.removedRuns()).isEqualTo(planned.removedRuns());
    assertThat(done.retainedRuns()).isEqualTo(planned.retainedRuns());
    assertThat(done.retainedRuns()).containsExactlyElementsOf(runs.subList(0, 3));
    assertThat(done.removedRuns()).containsExactlyElementsOf(runs.subList(3, 6));
    assertThat(Dangling.rows(mlmd.jdbcUrl())).isEmpty();
  }

  @StoreTest
  void aPacedDeletionGrowsItsBatchesWhileTheyTakeLessThanTheTarget(Mlmd mlmd) throws Exception {
    RunGraph g = new RunGraph(mlmd);
    long pipeline = g.pipeline("train");
    long[] runs = new long[10];
    for (int i = 0; i < runs.length; i++) {
      runs[i] = g.run("run-" + i, pipeline);
      g.step(runs[i], List.of(), List.of(g.dataset("s3://b/run-" + i, runs[i])));
    }
    List<Long> examined = new ArrayList<>();

    DeletionReport done =
        mlmd.store()
            .deletions()
            .delete(
                deleting(runs),
                BatchPace.timed(Duration.ofHours(1)),
                progress -> examined.add(progress.runsExamined()));

    // Batches of 1, 2, 4 and the 3 left.
    assertThat(examined).containsExactly(1L, 3L, 7L, 10L);
    assertThat(done.removedRuns()).hasSize(10);
    assertThat(Dangling.rows(mlmd.jdbcUrl())).isEmpty();
  }

  @StoreTest
  void badRequestsAreRefusedAndChangeNothing(Mlmd mlmd) throws Exception {
    RunGraph g = new RunGraph(mlmd);
    long pipeline = g.pipeline("train");
    long run = g.run("run-1", pipeline);
    long output = g.dataset("s3://b/out", run);

    assertThatThrownBy(() -> delete(mlmd, deleting(run, 987654)))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThatThrownBy(() -> delete(mlmd, deleting(run, pipeline)))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(() -> delete(mlmd, request(Optional.of("type = = 'x'"), run)))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(() -> mlmd.store().deletions().plan(deleting(987654)))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));

    assertThat(exists(mlmd, NodeKind.CONTEXT, run)).isTrue();
    assertThat(exists(mlmd, NodeKind.ARTIFACT, output)).isTrue();
  }
}
