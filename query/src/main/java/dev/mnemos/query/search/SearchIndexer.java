package dev.mnemos.query.search;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.server.change.ChangeListener;
import dev.mnemos.server.change.ChangeSet;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.store.MetadataGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the index in step with the store: committed changes queue their nodes' documents (so a
 * write never waits for the index), and one thread drains the queue in batches, makes them
 * searchable at most every {@value #REFRESH_MILLIS} ms, commits about once a second with the
 * watermark of what is indexed, and while idle looks for other writers' nodes. After an I/O error
 * closed the writer it reopens the index and catches up from the last commit.
 *
 * <p>Longer than a class should be, on purpose: the queue, the watermarks and the writer's
 * lifecycle share one lock, and the rules of that lock are easier to check in one place than spread
 * over classes. What needs no lock lives elsewhere: {@link StoreFollower} finds changed nodes,
 * {@link Searcher} answers searches.
 */
final class SearchIndexer implements ChangeListener {

  private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);
  private static final String INDEXED_UP_TO = "indexed_up_to";
  private static final int BATCH = 500;

  /**
   * How often at most the searcher reopens on new documents. Reopening per write made a segment per
   * write, and refreshes and merges took a third of the server's CPU under steady ingest.
   */
  private static final long REFRESH_MILLIS = 200;

  /** Re-read this much before the recorded watermark at start: commits may land out of order. */
  private static final long CATCH_UP_OVERLAP_MILLIS = Duration.ofMinutes(1).toMillis();

  /** The same for the periodic look for other writers' nodes, which runs far more often. */
  private static final long POLL_OVERLAP_MILLIS = Duration.ofSeconds(10).toMillis();

  private final MetadataGraph graph;
  private final StoreFollower follower;
  private final Directory directory;
  private final Analyzer analyzer;
  // Replaced, with the index reopened, after an I/O error closed the writer (see reopen()).
  private volatile IndexWriter writer;
  private volatile SearcherManager searchers;
  private volatile @Nullable String failure;
  private volatile long documents;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, PendingDocument> queue = new LinkedHashMap<>();
  private boolean working;
  private long catchingUpFrom = -1;
  private long unrefreshedSince = -1;
  private long lastRefresh;
  private long lastCommit = System.currentTimeMillis();
  private volatile boolean dirty;
  private final long pollIntervalMillis;
  private long lastPoll = System.currentTimeMillis();
  private volatile boolean closed;
  private final Thread worker;

  SearchIndexer(MetadataGraph graph, Directory directory, Analyzer analyzer, Duration pollInterval)
      throws IOException {
    this.graph = graph;
    this.follower = new StoreFollower(graph);
    this.directory = directory;
    this.analyzer = analyzer;
    this.pollIntervalMillis = pollInterval.toMillis();
    this.writer = openWriter();
    this.searchers = new SearcherManager(writer, null);
    this.worker = Thread.ofPlatform().daemon().name("mnemos-search-index").unstarted(this::drain);
  }

  /** Catches up with what changed while the index was closed, and starts draining. */
  void start() throws IOException {
    startCatchUp();
    worker.start();
  }

  /** The searchers over what is indexed; replaced when the index is reopened. */
  SearcherManager searchers() {
    return searchers;
  }

  Optional<String> problem() {
    return Optional.ofNullable(failure);
  }

  private IndexWriter openWriter() throws IOException {
    return new IndexWriter(
        directory,
        new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
  }

  @Override
  public void afterCommit(ChangeSet changes) {
    if (closed) {
      return;
    }
    long now = System.currentTimeMillis();
    List<PendingDocument> pending = new ArrayList<>();
    for (NodeKind kind : NodeKind.values()) {
      changes.put(kind).forEach(id -> pending.add(new PendingDocument(kind, id, now)));
      changes.removed(kind).forEach(id -> pending.add(new PendingDocument(kind, id, now)));
    }
    enqueue(pending);
  }

  private void enqueue(List<PendingDocument> pending) {
    lock.lock();
    try {
      pending.forEach(document -> queue.putIfAbsent(document.key(), document));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Catching up and recovering

  private void startCatchUp() throws IOException {
    long since = 0;
    if (DirectoryReader.indexExists(directory)) {
      String recorded = liveCommitData();
      since =
          recorded == null ? 0 : Math.max(0, Long.parseLong(recorded) - CATCH_UP_OVERLAP_MILLIS);
    }
    long from = since;
    lock.lock();
    try {
      catchingUpFrom = from;
    } finally {
      lock.unlock();
    }
    Thread.ofPlatform()
        .daemon()
        .name("mnemos-search-catch-up")
        .start(
            () -> {
              try {
                long queued = follower.updatedSince(from, BATCH * 10, this::enqueue);
                log.info("Search index catching up: {} nodes changed since {}", queued, from);
              } catch (RuntimeException e) {
                log.warn("Search index catch-up failed; run `mnemos reindex`: {}", e.toString());
              } finally {
                lock.lock();
                try {
                  catchingUpFrom = -1;
                  changed.signalAll();
                } finally {
                  lock.unlock();
                }
              }
            });
  }

  private @Nullable String liveCommitData() {
    if (writer.getLiveCommitData() == null) {
      return null;
    }
    for (Map.Entry<String, String> entry : writer.getLiveCommitData()) {
      if (entry.getKey().equals(INDEXED_UP_TO)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /**
   * After an I/O error closed the writer (Lucene closes it on a failed flush or merge, and it never
   * takes writes again), opens the index afresh from its last commit and queues everything changed
   * since that commit's watermark, as at start. Fails, to be tried again, while the disk still
   * refuses.
   */
  private void reopenAfterTragedy() throws IOException {
    IndexWriter broken = writer;
    if (broken.isOpen() && broken.getTragicException() == null) {
      return;
    }
    log.warn(
        "Search index writer closed by {}; reopening", String.valueOf(broken.getTragicException()));
    try {
      searchers.close();
    } catch (IOException | RuntimeException e) {
      log.debug("Closing the old searchers failed", e);
    }
    IndexWriter reopened = openWriter();
    try {
      searchers = new SearcherManager(reopened, null);
    } catch (IOException | RuntimeException e) {
      reopened.close();
      throw e;
    }
    writer = reopened;
    startCatchUp();
    failure = null;
    log.info("Search index reopened; catching up");
  }

  private void reopenIfBroken() {
    try {
      reopenAfterTragedy();
    } catch (IOException | RuntimeException e) {
      failure = "search index cannot be reopened: " + e;
      log.warn("Search index cannot be reopened yet: {}", e.toString());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The drain loop

  private void drain() {
    while (!closed) {
      List<PendingDocument> batch;
      try {
        batch = nextBatch();
      } catch (InterruptedException e) {
        return;
      }
      try {
        index(batch);
      } finally {
        lock.lock();
        try {
          working = false;
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /**
   * Waits for queued documents and takes up to a batch of them; while none are queued, refreshes,
   * commits and polls for other writers' nodes when each is due. Empty once the indexer closes.
   */
  private List<PendingDocument> nextBatch() throws InterruptedException {
    List<PendingDocument> batch = new ArrayList<>();
    lock.lock();
    try {
      while (queue.isEmpty() && !closed) {
        long now = System.currentTimeMillis();
        if (unrefreshedSince >= 0 && now - lastRefresh >= REFRESH_MILLIS) {
          unlocked(this::refresh);
          continue;
        }
        if (dirty && now - lastCommit > 1000) {
          unlocked(
              () -> {
                commit();
                reopenIfBroken();
              });
        }
        if (now - lastPoll > pollIntervalMillis && catchingUpFrom < 0) {
          unlocked(this::pollOtherWriters);
          continue;
        }
        long wait =
            unrefreshedSince >= 0
                ? Math.max(1, REFRESH_MILLIS - (now - lastRefresh))
                : Math.min(1000, pollIntervalMillis);
        changed.await(wait, TimeUnit.MILLISECONDS);
      }
      var entries = queue.values().iterator();
      while (entries.hasNext() && batch.size() < BATCH) {
        batch.add(entries.next());
        entries.remove();
      }
      working = !batch.isEmpty();
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code chore} without the lock, which the caller holds. */
  private void unlocked(Runnable chore) {
    lock.unlock();
    try {
      chore.run();
    } finally {
      lock.lock();
    }
  }

  /** Writes a batch's documents; on failure they are queued again and the index reopened. */
  private void index(List<PendingDocument> batch) {
    try {
      write(batch);
      long oldest =
          batch.stream().mapToLong(PendingDocument::queuedAt).min().orElse(Long.MAX_VALUE);
      lock.lock();
      try {
        unrefreshedSince = unrefreshedSince < 0 ? oldest : Math.min(unrefreshedSince, oldest);
      } finally {
        lock.unlock();
      }
      if (System.currentTimeMillis() - lastRefresh >= REFRESH_MILLIS) {
        refresh();
      }
      failure = null;
    } catch (IOException | RuntimeException e) {
      failure = "search index update failed: " + e;
      log.warn("Search index update failed, retrying: {}", e.toString());
      enqueue(batch);
      sleep(1000);
      reopenIfBroken();
    }
  }

  /**
   * Queues nodes updated since the last poll (less an overlap, for transactions that committed
   * late) whose indexed version is older: what other processes wrote never passes this listener.
   */
  private void pollOtherWriters() {
    long started = System.currentTimeMillis();
    long since = lastPoll - POLL_OVERLAP_MILLIS;
    try {
      SearcherManager manager = searchers;
      IndexSearcher searcher = manager.acquire();
      try {
        List<PendingDocument> stale = follower.staleSince(since, searcher, BATCH * 10, started);
        if (!stale.isEmpty()) {
          enqueue(stale);
        }
      } finally {
        manager.release(searcher);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Search index poll failed, retrying: {}", e.toString());
      return;
    }
    lastPoll = started;
  }

  private void write(List<PendingDocument> batch) throws IOException {
    Map<NodeKind, List<Long>> byKind = new LinkedHashMap<>();
    batch.forEach(p -> byKind.computeIfAbsent(p.kind(), k -> new ArrayList<>()).add(p.id()));
    for (var entry : byKind.entrySet()) {
      Map<Long, Node> found = graph.nodes(entry.getKey(), entry.getValue());
      for (long id : entry.getValue()) {
        Node node = found.get(id);
        Term key = new Term(SearchDocuments.KEY, SearchDocuments.key(entry.getKey(), id));
        if (node == null) {
          writer.deleteDocuments(key); // removed since it was queued
        } else {
          writer.updateDocument(key, SearchDocuments.of(node));
        }
      }
    }
    dirty = true;
  }

  /** Makes what was indexed searchable; on failure it stays pending and is tried again. */
  private void refresh() {
    long started = System.currentTimeMillis();
    try {
      searchers.maybeRefreshBlocking();
    } catch (IOException | RuntimeException e) {
      failure = "search index refresh failed: " + e;
      log.warn("Search index refresh failed, retrying: {}", e.toString());
      reopenIfBroken();
      return;
    }
    failure = null;
    lock.lock();
    try {
      unrefreshedSince = -1;
      lastRefresh = started;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void commit() {
    try {
      long upTo = status().indexedUpTo();
      writer.setLiveCommitData(Map.of(INDEXED_UP_TO, Long.toString(upTo)).entrySet());
      dirty = false;
      writer.commit();
      lastCommit = System.currentTimeMillis();
      failure = null;
    } catch (IOException | RuntimeException e) {
      // Kept dirty: the drain loop commits again, after reopening if the writer is gone.
      dirty = true;
      failure = "search index commit failed: " + e;
      log.warn("Search index commit failed: {}", e.toString());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // State

  /** Waits until every write committed so far is searchable, or the timeout passes. */
  boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (!queue.isEmpty() || working || catchingUpFrom >= 0 || unrefreshedSince >= 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Every write that committed before {@code indexedUpTo} is searchable; {@code lagMillis} is how
   * long the oldest write still waiting has waited (0 when none is).
   */
  SearchIndex.Status status() {
    long now = System.currentTimeMillis();
    long oldest = now;
    lock.lock();
    try {
      for (PendingDocument pending : queue.values()) {
        oldest = Math.min(oldest, pending.queuedAt());
      }
      if (catchingUpFrom >= 0) {
        oldest = Math.min(oldest, catchingUpFrom);
      }
      if (unrefreshedSince >= 0) {
        oldest = Math.min(oldest, unrefreshedSince);
      }
    } finally {
      lock.unlock();
    }
    try {
      documents = writer.getDocStats().numDocs;
    } catch (AlreadyClosedException e) {
      // Being reopened: the count from before the failure.
    }
    return new SearchIndex.Status(oldest, now - oldest, documents, problem());
  }

  /**
   * Drops every document and indexes every node again, reporting each batch's count of nodes done
   * to {@code progress}.
   */
  void rebuild(LongConsumer progress) {
    try {
      writer.deleteAll();
      long[] done = {0};
      follower.updatedSince(
          Long.MIN_VALUE,
          BATCH,
          batch -> {
            try {
              // update, not add: the background catch-up may index the same node meanwhile
              write(batch);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            done[0] += batch.size();
            progress.accept(done[0]);
          });
      writer.setLiveCommitData(
          Map.of(INDEXED_UP_TO, Long.toString(System.currentTimeMillis())).entrySet());
      writer.commit();
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      worker.join(10_000);
      commit();
      searchers.close();
      writer.close();
      directory.close();
    } catch (IOException e) {
      log.warn("Closing the search index failed: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
