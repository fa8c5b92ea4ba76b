package dev.mnemos.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.server.errors.StoreException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The size of a deletion's batches: fixed, or from the pace of the batch before. */
class BatchPaceTest {

  private static final long MS = 1_000_000;

  @Test
  void aPacedDeletionStartsWithOneRunAndAtMostDoublesWhileRunsAreLight() {
    BatchPace pace = BatchPace.timed(Duration.ofMillis(50));
    assertThat(pace.next()).isEqualTo(1);

    pace.took(1, 1 * MS);
    assertThat(pace.next()).isEqualTo(2);
    pace.took(2, 2 * MS);
    assertThat(pace.next()).isEqualTo(4);
    pace.took(4, 4 * MS);
    assertThat(pace.next()).isEqualTo(8);
  }

  @Test
  void itSettlesOnTheRunsThatFitTheTarget() {
    BatchPace pace = BatchPace.timed(Duration.ofMillis(50));

    pace.took(16, 16 * 4 * MS); // 4 ms a run: 12 fit in 50 ms
    assertThat(pace.next()).isEqualTo(12);
    pace.took(12, 12 * 4 * MS);
    assertThat(pace.next()).isEqualTo(12);
  }

  @Test
  void aHeavyBatchShrinksTheNextAtOnce() {
    BatchPace pace = BatchPace.timed(Duration.ofMillis(50));

    pace.took(40, 400 * MS); // 10 ms a run
    assertThat(pace.next()).isEqualTo(5);
    pace.took(5, 500 * MS); // one run heavier than the target: still one run
    assertThat(pace.next()).isEqualTo(1);
  }

  @Test
  void noBatchTakesMoreThanTheMostRunsHoweverLight() {
    BatchPace pace = BatchPace.timed(Duration.ofSeconds(10));

    pace.took(BatchPace.MOST_RUNS, 0);
    assertThat(pace.next()).isEqualTo(BatchPace.MOST_RUNS);
  }

  @Test
  void aFixedPaceIgnoresTime() {
    BatchPace pace = BatchPace.fixed(20);

    pace.took(20, 10_000 * MS);
    assertThat(pace.next()).isEqualTo(20);
  }

  @Test
  void badPacesAreRefused() {
    assertThatThrownBy(() -> BatchPace.fixed(0)).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> BatchPace.timed(Duration.ZERO)).isInstanceOf(StoreException.class);
  }
}
