package dev.mnemos.watcher.election;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseList;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica elected through a Kubernetes Lease, as client-go elects controllers, with the times
 * kept so that two replicas never write at once:
 *
 * <ul>
 *   <li>The holder leads until {@code renewDeadline} after the <em>start</em> of its last renewal
 *       that the API server accepted, on its own monotonic clock. {@link #remaining()} says so
 *       without waiting for the renewal loop, so a replica whose CPU is starved, or whose API calls
 *       hang, stops writing on time even if its loop never runs again.
 *   <li>A rival takes a held lease only after it has seen the lease unchanged (same
 *       resourceVersion) for the lease's whole duration on <em>its</em> clock: no replica compares
 *       another's wall clock with its own. Every write of the lease carries the resourceVersion it
 *       read, so of two replicas racing for it the API server accepts one (409 Conflict for the
 *       other).
 * </ul>
 *
 * With {@code renewDeadline < duration} the old holder has stopped before a rival can start. The
 * margin between them is what a write already under way has to finish (its call deadline is capped
 * by {@link #remaining()}).
 */
public final class LeaseElection implements Leadership {

  private static final Logger log = LoggerFactory.getLogger(LeaseElection.class);
  private static final int CONFLICT = 409;
  private static final int RELEASE_ATTEMPTS = 5;

  private final KubernetesClient client;
  private final LeaseSettings settings;
  private final LongSupplier nanoTime;

  private volatile boolean holding;
  private volatile long leadingUntil;

  // The rival's lease as last seen, and since when (this replica's clock) it has not changed.
  private String observedVersion = "";
  private long observedSince;

  /**
   * @param nanoTime the monotonic clock ({@code System::nanoTime}; tests pass their own)
   * @throws IllegalArgumentException when the times cannot keep two leaders apart
   */
  public LeaseElection(KubernetesClient client, LeaseSettings settings, LongSupplier nanoTime) {
    if (settings.renewDeadline().compareTo(settings.duration()) >= 0
        || settings.retryPeriod().compareTo(settings.renewDeadline()) >= 0) {
      throw new IllegalArgumentException(
          "leader election needs retry period < renew deadline < lease duration, got "
              + settings.retryPeriod()
              + ", "
              + settings.renewDeadline()
              + ", "
              + settings.duration());
    }
    this.client = client;
    this.settings = settings;
    this.nanoTime = nanoTime;
  }

  @Override
  public Duration remaining() {
    long left = leadingUntil - nanoTime.getAsLong();
    return holding && left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
  }

  /**
   * Tries once to take the lease or to renew it; the caller repeats this every retry period. A
   * failed try changes nothing: a holder still leads until its deadline runs out.
   */
  public synchronized void tryAcquireOrRenew() {
    long attempt = nanoTime.getAsLong();
    try {
      Lease lease = lease().get();
      if (lease == null) {
        Lease fresh =
            new LeaseBuilder()
                .withNewMetadata()
                .withNamespace(settings.namespace())
                .withName(settings.name())
                .endMetadata()
                .build();
        leases().resource(held(fresh, 0)).create();
        won(attempt, "created it");
        return;
      }
      LeaseSpec spec = Objects.requireNonNullElseGet(lease.getSpec(), LeaseSpec::new);
      String holder = Objects.requireNonNullElse(spec.getHolderIdentity(), "");
      if (holder.equals(settings.identity())) {
        leases().resource(held(lease, transitions(spec))).update();
        won(attempt, "renewed it");
        return;
      }
      if (holding) {
        log.info("Lease {} was taken by {}: not leading", settings.name(), holder);
        holding = false;
      }
      if (!holder.isEmpty() && !expired(lease, spec, attempt)) {
        return;
      }
      leases().resource(held(lease, transitions(spec) + 1)).update();
      won(attempt, holder.isEmpty() ? "it was free" : "taken over from " + holder);
    } catch (KubernetesClientException e) {
      if (e.getCode() == CONFLICT) {
        log.debug("Lease {} changed while this replica wrote it", settings.name());
      } else {
        log.warn("Cannot read or write lease {}: {}", settings.name(), e.getMessage());
      }
    }
  }

  /**
   * Gives the lease up so that a rival takes it at its next try instead of waiting for it to
   * expire. The caller has stopped writing first.
   */
  public synchronized void release() {
    if (!holding) {
      return;
    }
    holding = false;
    // A conflict means the lease changed since it was read (a late renewal of ours landing, say):
    // read it again and retry while it is still ours.
    for (int attempt = 1; attempt <= RELEASE_ATTEMPTS; attempt++) {
      try {
        Lease lease = lease().get();
        if (lease == null
            || lease.getSpec() == null
            || !settings.identity().equals(lease.getSpec().getHolderIdentity())) {
          return;
        }
        lease.getSpec().setHolderIdentity("");
        lease.getSpec().setLeaseDurationSeconds(1);
        leases().resource(lease).update();
        log.info("{} released lease {}", settings.identity(), settings.name());
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != CONFLICT || attempt == RELEASE_ATTEMPTS) {
          log.warn("Cannot release lease {}: {}", settings.name(), e.getMessage());
          return;
        }
      }
    }
  }

  private void won(long attempt, String how) {
    leadingUntil = attempt + settings.renewDeadline().toNanos();
    if (!holding && how != null) {
      log.info("{} holds lease {}: {}", settings.identity(), settings.name(), how);
    }
    holding = true;
  }

  /** Whether the rival's lease has not changed for its whole duration, as this replica saw it. */
  private boolean expired(Lease lease, LeaseSpec spec, long now) {
    String version = lease.getMetadata().getResourceVersion();
    if (!version.equals(observedVersion)) {
      observedVersion = version;
      observedSince = now;
      return false;
    }
    long declared =
        Duration.ofSeconds(Objects.requireNonNullElse(spec.getLeaseDurationSeconds(), 0)).toNanos();
    long duration = Math.max(declared, settings.duration().toNanos());
    return now - observedSince >= duration;
  }

  private Lease held(Lease lease, int transitions) {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    LeaseSpec before = Objects.requireNonNullElseGet(lease.getSpec(), LeaseSpec::new);
    boolean renewal = settings.identity().equals(before.getHolderIdentity());
    // The resourceVersion read stays in the metadata: the API server refuses the write (409) if
    // the lease changed since.
    return new LeaseBuilder(lease)
        .editOrNewSpec()
        .withHolderIdentity(settings.identity())
        .withLeaseDurationSeconds(Math.toIntExact(settings.duration().toSeconds()))
        .withAcquireTime(renewal ? before.getAcquireTime() : now)
        .withRenewTime(now)
        .withLeaseTransitions(transitions)
        .endSpec()
        .build();
  }

  private static int transitions(LeaseSpec spec) {
    return Objects.requireNonNullElse(spec.getLeaseTransitions(), 0);
  }

  private NonNamespaceOperation<Lease, LeaseList, Resource<Lease>> leases() {
    return client.leases().inNamespace(settings.namespace());
  }

  private Resource<Lease> lease() {
    return leases().withName(settings.name());
  }
}
