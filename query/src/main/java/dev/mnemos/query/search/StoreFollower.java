package dev.mnemos.query.search;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.server.model.NodeVersion;
import dev.mnemos.server.store.MetadataGraph;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/**
 * Finds the nodes whose documents must be written that no change event announced: at start, every
 * node changed since the index was last committed (it was closed meanwhile); and, periodically, the
 * nodes other processes on the same database changed (replicas, the MLMD library), told by their
 * update times.
 */
final class StoreFollower {

  private final MetadataGraph graph;

  StoreFollower(MetadataGraph graph) {
    this.graph = graph;
  }

  /**
   * Hands over every node updated at or after {@code since} (all nodes for {@link Long#MIN_VALUE}),
   * {@code size} at a time, kind by kind in id order; returns how many.
   */
  long updatedSince(long since, int size, Consumer<List<PendingDocument>> found) {
    long handed = 0;
    for (NodeKind kind : NodeKind.values()) {
      long after = 0;
      for (List<NodeVersion> page = graph.versions(kind, since, after, size);
          !page.isEmpty();
          page = graph.versions(kind, since, after, size)) {
        long now = System.currentTimeMillis();
        found.accept(page.stream().map(v -> new PendingDocument(kind, v.ref().id(), now)).toList());
        handed += page.size();
        after = page.getLast().ref().id();
      }
    }
    return handed;
  }

  /** The nodes updated at or after {@code since} whose indexed version is another. */
  List<PendingDocument> staleSince(long since, IndexSearcher searcher, int size, long now)
      throws IOException {
    List<PendingDocument> stale = new ArrayList<>();
    for (NodeKind kind : NodeKind.values()) {
      long after = 0;
      for (List<NodeVersion> page = graph.versions(kind, since, after, size);
          !page.isEmpty();
          page = graph.versions(kind, since, after, size)) {
        for (NodeVersion node : page) {
          if (indexedUpdateTime(searcher, kind, node.ref().id()) != node.updateTime()) {
            stale.add(new PendingDocument(kind, node.ref().id(), now));
          }
        }
        after = page.getLast().ref().id();
      }
    }
    return stale;
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
}
