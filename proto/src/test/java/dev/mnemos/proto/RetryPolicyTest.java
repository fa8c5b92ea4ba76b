package dev.mnemos.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final RetryPolicy DOUBLING =
      new RetryPolicy(5, Duration.ofMillis(20), Duration.ofMillis(100), false);

  @Test
  void waitsDoubleUpToTheLastAndStopWhenTheAttemptsAreSpent() {
    assertThat(DOUBLING.delayAfter(1)).contains(Duration.ofMillis(20));
    assertThat(DOUBLING.delayAfter(2)).contains(Duration.ofMillis(40));
    assertThat(DOUBLING.delayAfter(3)).contains(Duration.ofMillis(80));
    assertThat(DOUBLING.delayAfter(4)).contains(Duration.ofMillis(100));
    assertThat(DOUBLING.delayAfter(5)).isEmpty();
  }

  @Test
  void jitterDrawsEachWaitBelowItsBound() {
    RetryPolicy jittered = new RetryPolicy(5, Duration.ofMillis(20), Duration.ofMillis(100), true);
    for (int i = 0; i < 200; i++) {
      assertThat(jittered.delayAfter(3).orElseThrow())
          .isBetween(Duration.ofMillis(1), Duration.ofMillis(80));
    }
  }

  @Test
  void foreverNeverRunsOutAndLongOutagesWaitTheLast() {
    RetryPolicy forever = DOUBLING.withAttempts(RetryPolicy.FOREVER);
    assertThat(forever.delayAfter(1_000_000)).isEqualTo(Optional.of(Duration.ofMillis(100)));
  }

  @Test
  void aScheduleThatCannotBeFollowedIsRefused() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1), false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
