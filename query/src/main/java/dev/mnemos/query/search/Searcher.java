package dev.mnemos.query.search;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.query.paging.PageCursor;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.Excerpt;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.NodeRef;
import dev.mnemos.server.store.MetadataGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
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
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.util.BytesRef;

/**
 * Answers searches from the index's current searcher: parses the text, filters by kind and type,
 * pages by offset within the first {@value #MAX_RESULT_WINDOW} results, highlights on request, and
 * stops at the request's time budget.
 */
final class Searcher {

  private static final PageCursor CURSORS = new PageCursor("search");
  private static final int MAX_RESULT_WINDOW = 10_000;

  private final Supplier<SearcherManager> searchers;
  private final Analyzer analyzer;

  /** {@code searchers} gives the current manager: the indexer replaces it when it reopens. */
  Searcher(Supplier<SearcherManager> searchers, Analyzer analyzer) {
    this.searchers = searchers;
    this.analyzer = analyzer;
  }

  /**
   * Nodes matching {@code text} (Lucene query syntax over the indexed fields), best first, with
   * highlights when asked; {@code kinds} and {@code types} restrict the result when not empty. Only
   * the nodes {@code reader} sees are hits, counted or highlighted: with a limited scope every
   * match in the result window is looked up, and the others dropped before the page is cut.
   *
   * @throws StoreException INVALID_ARGUMENT for text that does not parse or a foreign cursor
   */
  SearchIndex.Page search(SearchIndex.Request request, MetadataGraph reader) {
    String text = request.text();
    Set<NodeKind> kinds = request.kinds();
    Set<String> types = request.types();
    int first = request.first();
    Optional<String> cursor = request.after();
    boolean highlight = request.highlight();
    if (text.isBlank()) {
      throw StoreException.invalidArgument("search text is empty");
    }
    if (text.length() > SearchIndex.MAX_TEXT_CHARS) {
      throw StoreException.invalidArgument(
          "search text is "
              + text.length()
              + " characters long; at most "
              + SearchIndex.MAX_TEXT_CHARS
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
      SearcherManager manager = searchers.get();
      IndexSearcher shared = manager.acquire();
      try {
        // A searcher of its own, so that its time limit is this request's alone.
        IndexSearcher searcher = new IndexSearcher(shared.getIndexReader());
        searcher.setTimeout(() -> System.nanoTime() > deadline);
        boolean everything = reader.scope().everything();
        TopDocs top = searcher.search(query, everything ? offset + first : MAX_RESULT_WINDOW);
        if (searcher.timedOut()) {
          throw new StoreException(
              ErrorCode.RESOURCE_EXHAUSTED,
              "the search ran past the query's time budget; search for fewer or rarer words");
        }
        if (!everything) {
          top = visibleOnly(top, searcher, reader);
        }
        ScoreDoc[] all = top.scoreDocs;
        int end = Math.min(all.length, offset + first);
        List<SearchIndex.Hit> hits = new ArrayList<>();
        if (offset < end) {
          ScoreDoc[] page = Arrays.copyOfRange(all, offset, end);
          if (everything) {
            // A node deleted since it was indexed (by another replica, or just now) is left out;
            // the index drops its document soon after.
            page = existing(page, searcher, reader);
          }
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
              String fragment = Objects.requireNonNull(highlights.get(field))[i];
              if (fragment != null && fragment.contains("<b>")) {
                found.put(field, List.of(fragment.strip()));
              }
            }
            hits.add(
                new SearchIndex.Hit(
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
        return new SearchIndex.Page(hits, cursors, next, total);
      } finally {
        manager.release(shared);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The hits {@code reader} sees, in their order, counted exactly: hidden nodes are neither in the
   * page nor in the total.
   */
  private static TopDocs visibleOnly(TopDocs top, IndexSearcher searcher, MetadataGraph reader)
      throws IOException {
    ScoreDoc[] kept = existing(top.scoreDocs, searcher, reader);
    return new TopDocs(new TotalHits(kept.length, TotalHits.Relation.EQUAL_TO), kept);
  }

  /** The hits whose node {@code reader} finds, in their order. */
  private static ScoreDoc[] existing(ScoreDoc[] hits, IndexSearcher searcher, MetadataGraph reader)
      throws IOException {
    var storedFields = searcher.storedFields();
    Map<NodeKind, List<Long>> ids = new EnumMap<>(NodeKind.class);
    List<NodeRef> refs = new ArrayList<>();
    for (ScoreDoc hit : hits) {
      Document doc =
          storedFields.document(hit.doc, Set.of(SearchDocuments.KIND_EXACT, SearchDocuments.ID));
      NodeRef ref =
          new NodeRef(
              SearchDocuments.kindOf(doc.get(SearchDocuments.KIND_EXACT)),
              doc.getField(SearchDocuments.ID).numericValue().longValue());
      refs.add(ref);
      ids.computeIfAbsent(ref.kind(), kind -> new ArrayList<>()).add(ref.id());
    }
    Map<NodeKind, Set<Long>> visible = new EnumMap<>(NodeKind.class);
    ids.forEach((kind, list) -> visible.put(kind, reader.visible(kind, list)));
    List<ScoreDoc> kept = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      NodeRef ref = refs.get(i);
      if (visible.getOrDefault(ref.kind(), Set.of()).contains(ref.id())) {
        kept.add(hits[i]);
      }
    }
    return kept.toArray(ScoreDoc[]::new);
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
              + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
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
}
