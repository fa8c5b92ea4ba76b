package dev.mnemos.query.graphql;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Keeps the parsed and validated form of the most recently used query texts, so that a client
 * repeating a query with other variables pays neither parsing nor validation again.
 */
final class ParsedQueries implements PreparsedDocumentProvider {

  private final Map<String, PreparsedDocumentEntry> recent;

  ParsedQueries(int kept) {
    this.recent =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, PreparsedDocumentEntry> eldest) {
            return size() > kept;
          }
        };
  }

  @Override
  public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(
      ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
    String query = input.getQuery();
    PreparsedDocumentEntry entry;
    synchronized (recent) {
      entry = recent.get(query);
    }
    if (entry == null) {
      entry = parseAndValidate.apply(input);
      if (!entry.hasErrors()) {
        synchronized (recent) {
          recent.put(query, entry);
        }
      }
    }
    return CompletableFuture.completedFuture(entry);
  }
}
