package dev.mnemos.watcher;

import dev.mnemos.watcher.election.Leadership;
import dev.mnemos.watcher.election.LeaseElection;
import dev.mnemos.watcher.election.LeaseSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Channel;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watcher as a process runs it: recording at once, or, with leader election, only while this
 * replica holds the lease, so two replicas never both write. The election's loop runs on its own
 * thread, and starting or stopping the recording on another, so a slow first list of pods never
 * delays a renewal; every write also asks the lease how long it may still take ({@link
 * Leadership#remaining()}), so recording stops on time even if neither thread gets to run.
 */
public final class Watcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Watcher.class);

  private final PodWatcher pods;
  private final Leadership leadership;
  private final @Nullable LeaseElection election;
  private final @Nullable ScheduledExecutorService electionLoop;
  private final @Nullable ExecutorService lifecycle;
  private volatile boolean recording;
  private volatile boolean closed;

  private Watcher(
      KubernetesClient client,
      Channel store,
      WatcherSettings settings,
      WatcherMetrics metrics,
      @Nullable LeaseElection election) {
    this.election = election;
    this.leadership = election == null ? Leadership.UNCONTESTED : election;
    this.pods = new PodWatcher(client, store, settings, metrics, leadership);
    this.electionLoop =
        election == null
            ? null
            : Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("mnemos-watcher-election").daemon().factory());
    this.lifecycle =
        election == null
            ? null
            : Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("mnemos-watcher-lifecycle").daemon().factory());
  }

  /** Starts watching: now, or once elected. */
  public static Watcher start(
      KubernetesClient client, Channel store, WatcherSettings settings, WatcherMetrics metrics) {
    LeaseElection election =
        settings
            .leaderElection()
            .map(lease -> new LeaseElection(client, lease, System::nanoTime))
            .orElse(null);
    Watcher watcher = new Watcher(client, store, settings, metrics, election);
    settings
        .leaderElection()
        .ifPresentOrElse(watcher::standForElection, watcher::recordUncontested);
    return watcher;
  }

  /** Whether this replica records now. */
  public boolean leading() {
    return recording && !leadership.remaining().isZero();
  }

  /** Whether every pod reported so far is recorded, or given up; none waits for a retry. */
  public boolean idle() {
    return pods.idle();
  }

  private void recordUncontested() {
    pods.start();
    recording = true;
  }

  private void standForElection(LeaseSettings lease) {
    // An exception escaping a scheduled task would end the schedule silently: the lease would no
    // longer be renewed while this replica went on recording. So each round catches what it throws.
    LeaseElection election = Objects.requireNonNull(this.election, "elections need a lease");
    ExecutorService lifecycle = Objects.requireNonNull(this.lifecycle);
    var unused =
        Objects.requireNonNull(electionLoop)
            .scheduleWithFixedDelay(
                () -> {
                  try {
                    election.tryAcquireOrRenew();
                    if (recording == election.remaining().isZero()) {
                      lifecycle.execute(this::followElection);
                    }
                  } catch (RuntimeException e) {
                    log.warn("Leader election round failed; trying again next round", e);
                  }
                },
                0,
                lease.retryPeriod().toMillis(),
                TimeUnit.MILLISECONDS);
  }

  /** Starts or stops recording as the election now says. */
  private synchronized void followElection() {
    LeaseElection election = Objects.requireNonNull(this.election, "elections need a lease");
    boolean lead = !closed && !election.remaining().isZero();
    if (lead && !recording) {
      try {
        pods.start();
        recording = true;
        log.info("Leading: recording");
      } catch (RuntimeException e) {
        log.warn("Leading, but cannot start recording (tried again): {}", e.getMessage());
      }
    } else if (!lead && recording) {
      recording = false;
      pods.close();
      log.info("No longer leading: not recording");
    }
  }

  @Override
  public void close() {
    closed = true;
    if (election == null) {
      pods.close();
      recording = false;
      return;
    }
    // Not interrupted: a renewal cut off mid-request may still land after the release below and
    // undo it (the API server applies what it received), so the running try is let finish.
    shutdown(Objects.requireNonNull(electionLoop), false);
    shutdown(Objects.requireNonNull(lifecycle), true);
    synchronized (this) {
      if (recording) {
        recording = false;
        pods.close();
      }
    }
    // Only once nothing writes: the next replica may start at once.
    election.release();
  }

  private static void shutdown(ExecutorService executor, boolean interrupt) {
    if (interrupt) {
      executor.shutdownNow();
    } else {
      executor.shutdown();
    }
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        log.warn("A watcher thread did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
