package dev.mnemos.watcher.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The election's times on a clock the test moves (one per replica, as on two machines), against the
 * API server mock: nothing here waits for real time to pass, so a slow or starved machine cannot
 * change the outcome. A replica whose loop does not run is simply one the test does not call.
 */
@EnableKubernetesMockClient(crud = true)
class LeaseElectionTest {

  private static final Duration DURATION = Duration.ofSeconds(15);
  private static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
  private static final Duration RETRY = Duration.ofSeconds(2);

  KubernetesClient client;

  private final AtomicLong clockA = new AtomicLong(1_000_000_000L);
  private final AtomicLong clockB = new AtomicLong(-7_000_000_000_000L);

  @Test
  void theFirstReplicaTakesTheLeaseAndARivalWaits() {
    LeaseElection a = replica("a", clockA);
    LeaseElection b = replica("b", clockB);
    a.tryAcquireOrRenew();
    b.tryAcquireOrRenew();
    assertThat(a.remaining()).isEqualTo(RENEW_DEADLINE);
    assertThat(b.remaining()).isZero();
    assertThat(holder()).isEqualTo("a");
  }

  @Test
  void aHolderThatCannotRenewStopsAtItsRenewDeadlineWithoutItsLoopRunning() {
    LeaseElection a = replica("a", clockA);
    a.tryAcquireOrRenew();
    advance(clockA, RENEW_DEADLINE.minusNanos(1));
    assertThat(a.remaining()).isEqualTo(Duration.ofNanos(1));
    advance(clockA, Duration.ofNanos(1));
    assertThat(a.remaining()).isZero();
  }

  @Test
  void aRenewingHolderKeepsTheLease() {
    LeaseElection a = replica("a", clockA);
    LeaseElection b = replica("b", clockB);
    a.tryAcquireOrRenew();
    for (int i = 0; i < 3 * DURATION.dividedBy(RETRY); i++) {
      advance(clockA, RETRY);
      advance(clockB, RETRY);
      a.tryAcquireOrRenew();
      b.tryAcquireOrRenew();
      assertThat(a.remaining()).isEqualTo(RENEW_DEADLINE);
      assertThat(b.remaining()).isZero();
    }
  }

  @Test
  void aRivalTakesAStalledLeaseOnlyAfterSeeingItUnchangedForTheLeaseDurationAndNeverOverlaps() {
    LeaseElection a = replica("a", clockA);
    LeaseElection b = replica("b", clockB);
    a.tryAcquireOrRenew();
    // The lease's own times say it ran out long ago: a rival that trusted another machine's wall
    // clock would take it now. Only what this replica saw, and when, counts.
    backdateRenewTime(Duration.ofHours(1));
    Duration waited = Duration.ZERO;
    b.tryAcquireOrRenew();
    while (b.remaining().isZero()) {
      assertThat(waited).isLessThan(DURATION.plus(RETRY));
      advance(clockA, RETRY);
      advance(clockB, RETRY);
      waited = waited.plus(RETRY);
      b.tryAcquireOrRenew();
      assertThat(a.remaining().isZero() || b.remaining().isZero())
          .as("both lead %s after a stalled", waited)
          .isTrue();
    }
    assertThat(waited).isGreaterThanOrEqualTo(DURATION);
    assertThat(holder()).isEqualTo("b");

    a.tryAcquireOrRenew();
    assertThat(a.remaining()).isZero();
    assertThat(holder()).isEqualTo("b");
    assertThat(lease().getSpec().getLeaseTransitions()).isEqualTo(1);
  }

  @Test
  void aRivalThatSeesTheLeaseRenewedStartsWaitingAgain() {
    LeaseElection a = replica("a", clockA);
    LeaseElection b = replica("b", clockB);
    a.tryAcquireOrRenew();
    b.tryAcquireOrRenew();
    advance(clockA, DURATION.minus(RETRY));
    advance(clockB, DURATION.minus(RETRY));
    a.tryAcquireOrRenew();
    b.tryAcquireOrRenew();
    advance(clockA, RETRY);
    advance(clockB, RETRY);
    b.tryAcquireOrRenew();
    assertThat(b.remaining()).isZero();
    assertThat(holder()).isEqualTo("a");
  }

  @Test
  void aReleasedLeaseIsTakenAtTheRivalsNextTry() {
    LeaseElection a = replica("a", clockA);
    LeaseElection b = replica("b", clockB);
    a.tryAcquireOrRenew();
    b.tryAcquireOrRenew();
    a.release();
    assertThat(a.remaining()).isZero();
    b.tryAcquireOrRenew();
    assertThat(b.remaining()).isEqualTo(RENEW_DEADLINE);
    assertThat(holder()).isEqualTo("b");
  }

  @Test
  void timesThatCannotKeepTwoLeadersApartAreRefused() {
    assertThatThrownBy(
            () ->
                new LeaseElection(
                    client,
                    new LeaseSettings("ns", "lease", "a", DURATION, DURATION, RETRY),
                    clockA::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("renew deadline < lease duration");
  }

  private LeaseElection replica(String identity, AtomicLong clock) {
    return new LeaseElection(
        client,
        new LeaseSettings("ns", "mnemos-watcher", identity, DURATION, RENEW_DEADLINE, RETRY),
        clock::get);
  }

  private static void advance(AtomicLong clock, Duration by) {
    clock.addAndGet(by.toNanos());
  }

  private Lease lease() {
    return client.leases().inNamespace("ns").withName("mnemos-watcher").get();
  }

  private String holder() {
    return lease().getSpec().getHolderIdentity();
  }

  private void backdateRenewTime(Duration by) {
    Lease lease = lease();
    ZonedDateTime renewed = lease.getSpec().getRenewTime();
    lease.getSpec().setRenewTime(renewed.minus(by));
    lease.getSpec().setAcquireTime(renewed.minus(by));
    client.resource(lease).update();
  }
}
