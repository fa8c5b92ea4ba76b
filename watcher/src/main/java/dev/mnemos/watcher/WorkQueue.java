package dev.mnemos.watcher;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keys waiting to be worked on, each with the newest state reported for it. A key is queued once
 * however often it is reported, and the worker gets the state current when it takes the key, so a
 * burst of updates costs one record. The queue is bounded: when it is full, {@link #offer} waits,
 * which holds back the watch instead of dropping what it reported. Failed work comes back after a
 * delay, unless a newer state came in meanwhile.
 */
final class WorkQueue<V> implements AutoCloseable {

  record Item<V>(String key, V value, long version) {}

  private final Map<String, V> pending = new ConcurrentHashMap<>();
  private final Map<String, Long> versions = new ConcurrentHashMap<>();
  private final AtomicLong reports = new AtomicLong();
  private final AtomicInteger unfinished = new AtomicInteger();
  private final AtomicInteger delayed = new AtomicInteger();
  private final BlockingQueue<String> keys;
  private final ScheduledExecutorService delays =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("mnemos-watcher-retry").daemon().factory());

  WorkQueue(int capacity) {
    this.keys = new ArrayBlockingQueue<>(capacity);
  }

  /** Reports {@code value} as the state of {@code key}; waits while the queue is full. */
  void offer(String key, V value) throws InterruptedException {
    versions.put(key, reports.incrementAndGet());
    if (pending.put(key, value) == null) {
      unfinished.incrementAndGet();
      keys.put(key);
    }
  }

  /** The next key and its newest state; waits for one. */
  Item<V> take() throws InterruptedException {
    while (true) {
      String key = keys.take();
      V value = pending.remove(key);
      // Read after the removal: a report racing with it then counts as newer than this value.
      long version = versions.getOrDefault(key, 0L);
      if (value != null) {
        return new Item<>(key, value, version);
      }
      unfinished.decrementAndGet();
    }
  }

  /**
   * Brings {@code item} back after {@code delay}, unless its key was reported again since it was
   * taken: then the newer state is worked on instead, and an older one must not follow it.
   */
  void retryLater(Item<V> item, Duration delay) {
    delayed.incrementAndGet();
    delays.schedule(
        () -> {
          delayed.decrementAndGet();
          if (versions.getOrDefault(item.key(), 0L) == item.version()
              && pending.putIfAbsent(item.key(), item.value()) == null) {
            unfinished.incrementAndGet();
            try {
              keys.put(item.key());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        },
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Forgets a key once its newest report is recorded, so the map stays small. */
  void done(Item<V> item) {
    versions.remove(item.key(), item.version());
  }

  /** Marks the work on an item taken as over: recorded, dropped or scheduled for a retry. */
  void finished() {
    unfinished.decrementAndGet();
  }

  /** Keys queued, being worked on, or waiting for a retry. */
  int unfinished() {
    return unfinished.get() + delayed.get();
  }

  @Override
  public void close() {
    delays.shutdownNow();
  }
}
