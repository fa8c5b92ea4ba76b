package dev.mnemos.server.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A deletion's steps added up: removals accumulate; a run retained once and removed later goes. */
class DeletionReportTest {

  private static DeletionReport step(
      Set<Long> removedRuns, Set<Long> retainedRuns, Set<Long> artifacts, Map<Long, String> uris) {
    return new DeletionReport(
        new TreeSet<>(removedRuns),
        new TreeSet<>(retainedRuns),
        new TreeSet<>(artifacts),
        new TreeSet<>(Set.of(100L + removedRuns.size())),
        new TreeMap<>(uris));
  }

  @Test
  void theSumOfStepsIsWhatChainingThemGives() {
    DeletionReport first = step(Set.of(1L, 2L), Set.of(3L, 4L), Set.of(10L), Map.of(10L, "s3://a"));
    DeletionReport second = step(Set.of(5L), Set.of(6L), Set.of(11L), Map.of(11L, "s3://b"));
    DeletionReport again = step(Set.of(3L), Set.of(4L), Set.of(12L), Map.of());

    DeletionReport.Sum sum = new DeletionReport.Sum();
    sum.add(first);
    sum.add(second);
    assertThat(sum.retainedNewestFirst()).containsExactly(6L, 4L, 3L);
    sum.add(again);

    DeletionReport chained = first.then(second).then(again);
    assertThat(sum.report()).isEqualTo(chained);
    assertThat(chained.removedRuns()).containsExactly(1L, 2L, 3L, 5L);
    assertThat(chained.retainedRuns()).containsExactly(4L, 6L);
    assertThat(chained.artifactUris()).containsOnlyKeys(10L, 11L);
  }
}
