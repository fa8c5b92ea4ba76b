package dev.mnemos.query.search;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.query.paging.PageCursor;
import dev.mnemos.server.change.ChangeListener;
import dev.mnemos.server.change.ChangeSet;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.Excerpt;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.NodeVersion;
import dev.mnemos.server.store.MetadataGraph;
import dev.mnemos.server.store.MetadataStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Lucene index of the store's artifacts, executions and contexts, in a folder of its own. Writes
 * reach it after they commit, through a queue a background thread drains (so a write RPC never
 * waits for the index); at start it catches up with what was written while it was closed, from the
 * nodes' update times. {@link #status()} tells how far behind it is, so a search never silently
 * disagrees with the store.
 */
public final class SearchIndex implements ChangeListener, AutoCloseable {

  /** A node whose document must be (re)written. */
  private record Pending(NodeKind kind, long id, long queuedAt) {}

  /** How far the index is behind the store, and why, when it does not keep up. */
  public record Status(
      long indexedUpTo, long lagMillis, long documents, Optional<String> problem) {}

  /**
   * One search.
   *
   * @param text Lucene query syntax over the indexed fields, at most {@value #MAX_TEXT_CHARS}
   *     characters
   * @param kinds node kinds to keep; all when empty
   * @param types type names to keep; all when empty
   * @param first the page size
   * @param after the cursor of the hit the page starts after
   * @param highlight whether hits carry their highlighted fragments
   * @param budget how long the search may take; past it, RESOURCE_EXHAUSTED
   */
  public record Request(
      String text,
      Set<NodeKind> kinds,
      Set<String> types,
      int first,
      Optional<String> after,
      boolean highlight,
      Duration budget) {}

  /**
   * One search result: the node, its score and the text around each match per field, HTML-escaped
   * with each match between {@code <b>} and {@code </b>}.
   */
  public record Hit(NodeKind kind, long id, float score, Map<String, List<String>> highlights) {}

  /** A page of hits, each hit's cursor (to continue after it), and the next page's cursor. */
  public record Page(
      List<Hit> hits, List<String> cursors, Optional<String> nextCursor, long totalHits) {}

  private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);
  private static final String INDEXED_UP_TO = "indexed_up_to";
  private static final PageCursor CURSORS = new PageCursor("search");
  private static final int MAX_RESULT_WINDOW = 10_000;
  private static final int BATCH = 500;

  /** Longer search text is no search a person types, and costs memory and time to parse. */
  public static final int MAX_TEXT_CHARS = 4096;

  /**
   * How often at most the searcher reopens on new documents. Reopening per write made a segment per
   * write, and refreshes and merges took a third of the server's CPU under steady ingest.
   */
  private static final long REFRESH_MILLIS = 200;

  /** Re-read this much before the recorded watermark at start: commits may land out of order. */
  private static final long CATCH_UP_OVERLAP_MILLIS = Duration.ofMinutes(1).toMillis();

  /** The same for the periodic look for other writers' nodes, which runs far more often. */
  private static final long POLL_OVERLAP_MILLIS = Duration.ofSeconds(10).toMillis();

  private final MetadataStore store;
  private final MetadataGraph graph;
  private final Directory directory;
  private final Analyzer analyzer = SearchDocuments.analyzer();
  // Replaced, with the index reopened, after an I/O error closed the writer (see reopen()).
  private volatile IndexWriter writer;
  private volatile SearcherManager searchers;
  private volatile String failure;
  private volatile long documents;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, Pending> queue = new LinkedHashMap<>();
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

  private SearchIndex(MetadataStore store, Directory directory, Duration pollInterval)
      throws IOException {
    this.store = store;
    this.graph = store.graph();
    this.pollIntervalMillis = pollInterval.toMillis();
    this.directory = directory;
    this.writer = openWriter();
    this.searchers = new SearcherManager(writer, null);
    this.worker = Thread.ofPlatform().daemon().name("mnemos-search-index").unstarted(this::drain);
  }

  /**
   * Opens (or creates) the index in {@code folder} and starts keeping it in step with {@code
   * store}: it listens to the store's writes, catches up in the background, and every {@code
   * pollInterval} looks for nodes written by other processes on the same database (replicas, the
   * MLMD library).
   */
  public static SearchIndex open(MetadataStore store, Path folder, Duration pollInterval) {
    try {
      return open(store, FSDirectory.open(folder), pollInterval);
    } catch (LockObtainFailedException e) {
      throw new StoreException(
          ErrorCode.FAILED_PRECONDITION,
          "the search index in " + folder + " is in use by another Mnemos process",
          e);
    } catch (IOException e) {
      throw new StoreException(
          ErrorCode.INTERNAL,
          "cannot open the search index in " + folder + ": " + e.getMessage(),
          e);
    }
  }

  /** The same over any Lucene directory (tests pass one whose disk they can fill). */
  static SearchIndex open(MetadataStore store, Directory directory, Duration pollInterval)
      throws IOException {
    SearchIndex index = new SearchIndex(store, directory, pollInterval);
    store.database().addListener(index);
    index.startCatchUp();
    index.worker.start();
    return index;
  }

  private IndexWriter openWriter() throws IOException {
    return new IndexWriter(
        directory,
        new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
  }

  /**
   * What keeps search from answering in step with the store, if anything: the last update failed (a
   * full or read-only disk), and until the index is reopened and caught up.
   */
  public Optional<String> problem() {
    return Optional.ofNullable(failure);
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

  @Override
  public void afterCommit(ChangeSet changes) {
    if (closed) {
      return;
    }
    long now = System.currentTimeMillis();
    lock.lock();
    try {
      for (NodeKind kind : NodeKind.values()) {
        changes.put(kind).forEach(id -> enqueue(new Pending(kind, id, now)));
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void enqueue(Pending pending) {
    queue.putIfAbsent(SearchDocuments.key(pending.kind(), pending.id()), pending);
  }

  // ---------------------------------------------------------------------------------------------
  // Keeping up

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
                long queued = enqueueUpdatedSince(from);
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

  private String liveCommitData() {
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

  /** Queues every node updated at or after {@code since}; returns how many. */
  private long enqueueUpdatedSince(long since) {
    long queued = 0;
    for (NodeKind kind : NodeKind.values()) {
      queued +=
          forEachIdBatch(
              kind,
              since,
              BATCH * 10,
              ids -> {
                long now = System.currentTimeMillis();
                lock.lock();
                try {
                  ids.forEach(id -> enqueue(new Pending(kind, id, now)));
                  changed.signalAll();
                } finally {
                  lock.unlock();
                }
              });
    }
    return queued;
  }

  /**
   * Hands over the ids of the nodes of {@code kind} updated at or after {@code since} (all for
   * {@link Long#MIN_VALUE}), in id order, {@code size} at a time; returns how many.
   */
  private long forEachIdBatch(NodeKind kind, long since, int size, Consumer<List<Long>> action) {
    long after = 0;
    long handed = 0;
    while (true) {
      List<Long> ids =
          graph.versions(kind, since, after, size).stream().map(v -> v.ref().id()).toList();
      if (ids.isEmpty()) {
        return handed;
      }
      action.accept(ids);
      handed += ids.size();
      after = ids.get(ids.size() - 1);
    }
  }

  private void drain() {
    while (!closed) {
      List<Pending> batch = new ArrayList<>();
      lock.lock();
      try {
        while (queue.isEmpty() && !closed) {
          long now = System.currentTimeMillis();
          if (unrefreshedSince >= 0 && now - lastRefresh >= REFRESH_MILLIS) {
            lock.unlock();
            try {
              refresh();
            } finally {
              lock.lock();
            }
            continue;
          }
          if (dirty && now - lastCommit > 1000) {
            lock.unlock();
            try {
              commit();
              reopenIfBroken();
            } finally {
              lock.lock();
            }
          }
          if (now - lastPoll > pollIntervalMillis && catchingUpFrom < 0) {
            lock.unlock();
            try {
              pollOtherWriters();
            } finally {
              lock.lock();
            }
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
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      try {
        index(batch);
        long oldest = batch.stream().mapToLong(Pending::queuedAt).min().orElse(Long.MAX_VALUE);
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
        lock.lock();
        try {
          batch.forEach(this::enqueue);
        } finally {
          lock.unlock();
        }
        sleep(1000);
        reopenIfBroken();
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
   * Queues nodes updated since the last poll (less an overlap, for transactions that committed
   * late) whose indexed version is older: what other processes wrote never passes this listener.
   */
  private void pollOtherWriters() {
    long started = System.currentTimeMillis();
    long since = lastPoll - POLL_OVERLAP_MILLIS;
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        for (NodeKind kind : NodeKind.values()) {
          List<Pending> stale = new ArrayList<>();
          long after = 0;
          for (List<NodeVersion> page = graph.versions(kind, since, after, BATCH * 10);
              !page.isEmpty();
              page = graph.versions(kind, since, after, BATCH * 10)) {
            for (NodeVersion node : page) {
              if (indexedUpdateTime(searcher, kind, node.ref().id()) != node.updateTime()) {
                stale.add(new Pending(kind, node.ref().id(), started));
              }
            }
            after = page.getLast().ref().id();
          }
          if (!stale.isEmpty()) {
            lock.lock();
            try {
              stale.forEach(this::enqueue);
              changed.signalAll();
            } finally {
              lock.unlock();
            }
          }
        }
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Search index poll failed, retrying: {}", e.toString());
      return;
    }
    lastPoll = started;
  }

  private static long indexedUpdateTime(IndexSearcher searcher, NodeKind kind, long id)
      throws IOException {
    TopDocs found =
        searcher.search(
            new TermQuery(new Term(SearchDocuments.KEY, SearchDocuments.key(kind, id))), 1);
    if (found.scoreDocs.length == 0) {
      return -1;
    }
    var field =
        searcher
            .storedFields()
            .document(found.scoreDocs[0].doc)
            .getField(SearchDocuments.UPDATE_TIME);
    return field == null ? -1 : field.numericValue().longValue();
  }

  private void index(List<Pending> batch) throws IOException {
    Map<NodeKind, List<Long>> byKind = new LinkedHashMap<>();
    batch.forEach(p -> byKind.computeIfAbsent(p.kind(), k -> new ArrayList<>()).add(p.id()));
    for (var entry : byKind.entrySet()) {
      List<Document> docs = load(entry.getKey(), entry.getValue());
      for (Document doc : docs) {
        writer.updateDocument(new Term(SearchDocuments.KEY, doc.get(SearchDocuments.KEY)), doc);
      }
    }
    dirty = true;
  }

  private List<Document> load(NodeKind kind, List<Long> ids) {
    return graph.nodes(kind, ids).values().stream().map(SearchDocuments::of).toList();
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

  /** Waits until every write committed so far is searchable, or the timeout passes. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
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
  public Status status() {
    long now = System.currentTimeMillis();
    long oldest = now;
    lock.lock();
    try {
      for (Pending pending : queue.values()) {
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
    return new Status(oldest, now - oldest, documents, problem());
  }

  // ---------------------------------------------------------------------------------------------
  // Searching

  /**
   * Nodes matching {@code text} (Lucene query syntax over the indexed fields), best first, with
   * highlights when asked; {@code kinds} and {@code types} restrict the result when not empty.
   *
   * @throws StoreException INVALID_ARGUMENT for text that does not parse or a foreign cursor
   */
  public Page search(Request request) {
    String text = request.text();
    Set<NodeKind> kinds = request.kinds();
    Set<String> types = request.types();
    int first = request.first();
    Optional<String> cursor = request.after();
    boolean highlight = request.highlight();
    if (text.isBlank()) {
      throw StoreException.invalidArgument("search text is empty");
    }
    if (text.length() > MAX_TEXT_CHARS) {
      throw StoreException.invalidArgument(
          "search text is "
              + text.length()
              + " characters long; at most "
              + MAX_TEXT_CHARS
              + " are searched");
    }
    long deadline = System.nanoTime() + request.budget().toNanos();
    int offset = (int) Math.min(MAX_RESULT_WINDOW, cursor.map(CURSORS::positionOf).orElse(0L));
    if (offset + first > MAX_RESULT_WINDOW) {
      throw StoreException.invalidArgument(
          "search pages end at result " + MAX_RESULT_WINDOW + "; narrow the search");
    }
    Query query = parse(text, kinds, types);
    try {
      IndexSearcher shared = searchers.acquire();
      try {
        // A searcher of its own, so that its time limit is this request's alone.
        IndexSearcher searcher = new IndexSearcher(shared.getIndexReader());
        searcher.setTimeout(() -> System.nanoTime() > deadline);
        TopDocs top = searcher.search(query, offset + first);
        if (searcher.timedOut()) {
          throw new StoreException(
              ErrorCode.RESOURCE_EXHAUSTED,
              "the search ran past the query's time budget; search for fewer or rarer words");
        }
        ScoreDoc[] all = top.scoreDocs;
        int end = Math.min(all.length, offset + first);
        List<Hit> hits = new ArrayList<>();
        if (offset < end) {
          ScoreDoc[] page = Arrays.copyOfRange(all, offset, end);
          TopDocs pageDocs = new TopDocs(top.totalHits, page);
          String[] fields = SearchDocuments.HIGHLIGHTED.toArray(String[]::new);
          int[] passages = new int[fields.length];
          Arrays.fill(passages, 2);
          // Escaped: stored values are anyone's text, and fragments are shown in pages.
          UnifiedHighlighter highlighter =
              UnifiedHighlighter.builder(searcher, analyzer)
                  .withMaxLength(10_000)
                  .withFormatter(new DefaultPassageFormatter("<b>", "</b>", "... ", true))
                  .build();
          Map<String, String[]> highlights =
              highlight ? highlighter.highlightFields(fields, query, pageDocs, passages) : Map.of();
          var storedFields = searcher.storedFields();
          for (int i = 0; i < page.length; i++) {
            Document doc = storedFields.document(page[i].doc);
            Map<String, List<String>> found = new LinkedHashMap<>();
            for (String field : highlight ? fields : new String[0]) {
              String fragment = highlights.get(field)[i];
              if (fragment != null && fragment.contains("<b>")) {
                found.put(field, List.of(fragment.strip()));
              }
            }
            hits.add(
                new Hit(
                    SearchDocuments.kindOf(doc.get(SearchDocuments.KIND_EXACT)),
                    doc.getField(SearchDocuments.ID).numericValue().longValue(),
                    page[i].score,
                    found));
          }
        }
        long total = top.totalHits.value();
        Optional<String> next =
            end < total && end < MAX_RESULT_WINDOW
                ? Optional.of(CURSORS.at(end))
                : Optional.empty();
        List<String> cursors = new ArrayList<>();
        for (int i = 1; i <= hits.size(); i++) {
          cursors.add(CURSORS.at(offset + i));
        }
        return new Page(hits, cursors, next, total);
      } finally {
        searchers.release(shared);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Query parse(String text, Set<NodeKind> kinds, Set<String> types) {
    String[] fields = SearchDocuments.SEARCHED.keySet().toArray(String[]::new);
    MultiFieldQueryParser parser =
        new MultiFieldQueryParser(fields, analyzer, SearchDocuments.SEARCHED);
    parser.setDefaultOperator(QueryParser.Operator.AND);
    Query parsed;
    try {
      parsed = parser.parse(text);
    } catch (ParseException e) {
      throw StoreException.invalidArgument(
          "cannot read search text '"
              + Excerpt.of(text)
              + "': "
              + e.getMessage().lines().findFirst().orElse(""));
    }
    BooleanQuery.Builder query = new BooleanQuery.Builder().add(parsed, BooleanClause.Occur.MUST);
    if (!kinds.isEmpty()) {
      query.add(
          new TermInSetQuery(
              SearchDocuments.KIND_EXACT,
              kinds.stream().map(kind -> new BytesRef(SearchDocuments.kindName(kind))).toList()),
          BooleanClause.Occur.FILTER);
    }
    if (!types.isEmpty()) {
      query.add(
          new TermInSetQuery(
              SearchDocuments.TYPE_EXACT, types.stream().map(BytesRef::new).toList()),
          BooleanClause.Occur.FILTER);
    }
    return query.build();
  }

  // ---------------------------------------------------------------------------------------------
  // Full rebuild

  /**
   * Drops every document and indexes every node again, reporting each batch's count of nodes done
   * to {@code progress}.
   */
  public void rebuild(LongConsumer progress) {
    try {
      writer.deleteAll();
      long[] done = {0};
      for (NodeKind kind : NodeKind.values()) {
        forEachIdBatch(
            kind,
            Long.MIN_VALUE,
            BATCH,
            ids -> {
              for (Document doc : load(kind, ids)) {
                // update, not add: the background catch-up may index the same node meanwhile
                try {
                  writer.updateDocument(
                      new Term(SearchDocuments.KEY, doc.get(SearchDocuments.KEY)), doc);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
              done[0] += ids.size();
              progress.accept(done[0]);
            });
      }
      writer.setLiveCommitData(
          Map.of(INDEXED_UP_TO, Long.toString(System.currentTimeMillis())).entrySet());
      writer.commit();
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many nodes a rebuild indexes. */
  public long nodeCount() {
    long count = 0;
    for (NodeKind kind : NodeKind.values()) {
      count += graph.count(kind);
    }
    return count;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
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
