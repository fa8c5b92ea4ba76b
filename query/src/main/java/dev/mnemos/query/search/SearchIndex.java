package dev.mnemos.query.search;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.store.MetadataGraph;
import dev.mnemos.server.store.MetadataStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * A Lucene index of the store's artifacts, executions and contexts, in a folder of its own. Writes
 * reach it after they commit, through a queue a background thread drains (so a write RPC never
 * waits for the index); at start it catches up with what was written while it was closed, from the
 * nodes' update times. {@link #status()} tells how far behind it is, so a search never silently
 * disagrees with the store.
 */
public final class SearchIndex implements AutoCloseable {

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

  /** Longer search text is no search a person types, and costs memory and time to parse. */
  public static final int MAX_TEXT_CHARS = 4096;

  private final MetadataGraph graph;
  private final SearchIndexer indexer;
  private final Searcher searcher;

  private SearchIndex(MetadataGraph graph, SearchIndexer indexer, Searcher searcher) {
    this.graph = graph;
    this.indexer = indexer;
    this.searcher = searcher;
  }

  /**
   * Opens (or creates) the index in {@code folder} and starts keeping it in step with {@code
   * store}: it follows the store's changes, catches up in the background, and every {@code
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
    var analyzer = SearchDocuments.analyzer();
    SearchIndexer indexer = new SearchIndexer(store.graph(), directory, analyzer, pollInterval);
    store.database().addListener(indexer);
    indexer.start();
    return new SearchIndex(store.graph(), indexer, new Searcher(indexer::searchers, analyzer));
  }

  /**
   * Nodes matching the request's text (Lucene query syntax over the indexed fields), best first,
   * with highlights when asked; its kinds and types restrict the result when not empty.
   *
   * @throws StoreException INVALID_ARGUMENT for text that does not parse or a foreign cursor
   */
  /**
   * The hits {@code reader} sees, best first: a hit it does not see is not counted, named or
   * highlighted.
   */
  public Page search(MetadataGraph reader, Request request) {
    return searcher.search(request, reader);
  }

  /**
   * What keeps search from answering in step with the store, if anything: the last update failed (a
   * full or read-only disk), and until the index is reopened and caught up.
   */
  public Optional<String> problem() {
    return indexer.problem();
  }

  /**
   * Every write that committed before {@code indexedUpTo} is searchable; {@code lagMillis} is how
   * long the oldest write still waiting has waited (0 when none is).
   */
  public Status status() {
    return indexer.status();
  }

  /** Waits until every write committed so far is searchable, or the timeout passes. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return indexer.awaitCaughtUp(timeout);
  }

  /**
   * Drops every document and indexes every node again, reporting each batch's count of nodes done
   * to {@code progress}.
   */
  public void rebuild(LongConsumer progress) {
    indexer.rebuild(progress);
  }

  /** How many nodes a rebuild indexes. */
  public long nodeCount() {
    long count = 0;
    for (NodeKind kind : NodeKind.values()) {
      count += graph.count(kind);
    }
    return count;
  }

  @Override
  public void close() {
    indexer.close();
  }
}
