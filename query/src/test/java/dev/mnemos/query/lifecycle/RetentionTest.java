package dev.mnemos.query.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.query.testing.Pipelines;
import dev.mnemos.query.testing.QueryStack;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.DeletionReport;
import dev.mnemos.server.store.NamedLock;
import dev.mnemos.server.testing.AllAtOnce;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * A retention policy on two replicas of one database (two stores with their own pools): one pass at
 * a time, whichever replica runs it, and every run the policy names deleted once.
 */
class RetentionTest {

  private static final Retention.Policy POLICY =
      new Retention.Policy(
          List.of(RetentionRule.parse("pipeline=churn,older-than=7d,keep-newest=2")),
          Duration.ofHours(1));

  /** A month from now: every run recorded now ended more than 7 days before it. */
  private static final Clock LATER =
      Clock.fixed(Instant.now().plus(Duration.ofDays(30)), ZoneOffset.UTC);

  private static Retention retention(QueryStack replica) {
    return new Retention(
        replica.layer().services().lifecycle(),
        new NamedLock(replica.store().database(), "retention"),
        POLICY,
        LATER);
  }

  @StoreTest
  void twoReplicasTakeTurnsAndDeleteEachRunOnce(Backend.FreshDatabase db) throws Exception {
    try (QueryStack first = QueryStack.start(db);
        QueryStack second = QueryStack.start(db)) {
      Pipelines pipelines = new Pipelines(first);
      List<Long> runs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        runs.add(
            pipelines
                .v2Run("churn", "r" + i, Map.of(), Map.of(), Execution.State.COMPLETE)
                .runId());
      }
      pipelines.v2Run("other", "o1", Map.of(), Map.of(), Execution.State.COMPLETE);
      NamedLock firstLock = new NamedLock(first.store().database(), "retention");
      NamedLock secondLock = new NamedLock(second.store().database(), "retention");

      Optional<Optional<String>> whileHeld =
          firstLock.ifFree(() -> secondLock.ifFree(() -> "ran beside the holder"));
      assertThat(whileHeld).as("the first replica held the lock").contains(Optional.empty());
      assertThat(secondLock.ifFree(() -> "free again")).contains("free again");

      // Both replicas' passes, started together, three times each.
      List<Callable<List<Optional<DeletionReport>>>> passes = new ArrayList<>();
      for (Retention replica : List.of(retention(first), retention(second))) {
        passes.add(
            () -> {
              List<Optional<DeletionReport>> done = new ArrayList<>();
              for (int i = 0; i < 3; i++) {
                done.add(replica.pass());
              }
              return done;
            });
      }
      List<Long> deleted = new ArrayList<>();
      for (List<Optional<DeletionReport>> replicaPasses : AllAtOnce.run(passes)) {
        replicaPasses.forEach(report -> report.ifPresent(r -> deleted.addAll(r.removedRuns())));
      }

      // The oldest four runs of churn, by start time; the newest two and the other pipeline stay.
      assertThat(deleted).hasSize(4);
      assertThat(new TreeSet<>(deleted)).isEqualTo(new TreeSet<>(runs.subList(0, 4)));
      assertThat(first.store().graph().nodes(NodeKind.CONTEXT, runs).keySet())
          .containsExactlyInAnyOrderElementsOf(runs.subList(4, 6));
    }
  }

  @Test
  void rulesAreParsedAndARuleWithoutABoundIsRefused() {
    RetentionRule rule = RetentionRule.parse("pipeline=churn, older-than=90d, keep-newest=5");
    assertThat(rule.pipeline()).contains("churn");
    assertThat(rule.olderThan()).contains(Duration.ofDays(90));
    assertThat(rule.keepNewest()).hasValue(5);
    assertThat(RetentionRule.parse("older-than=P2DT3H").olderThan()).contains(Duration.ofHours(51));
    assertThat(RetentionRule.parse("run-type=KfpRun,keep-newest=0").runType()).contains("KfpRun");
    for (String bad :
        List.of(
            "pipeline=churn",
            "run-type=KfpRun",
            "older-than=soon",
            "keep-newest=many",
            "size=3",
            "older-than")) {
      assertThatThrownBy(() -> RetentionRule.parse(bad)).isInstanceOf(StoreException.class);
    }
  }
}
