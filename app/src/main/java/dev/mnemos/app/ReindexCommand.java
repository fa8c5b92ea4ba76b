package dev.mnemos.app;

import dev.mnemos.query.search.SearchIndex;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.store.MetadataStore;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Rebuilds the search index from the store, showing progress. Run it while no server uses the same
 * data folder: the index allows one writer.
 */
@Command(
    name = "reindex",
    mixinStandardHelpOptions = true,
    description = "Rebuild the full-text search index from the database.")
final class ReindexCommand implements Callable<Integer> {

  @Mixin DatabaseOptions database;

  @Override
  public Integer call() throws Exception {
    PrintStream err = System.err;
    try (MetadataStore store = MetadataStore.open(database.databaseSettings());
        SearchIndex index =
            SearchIndex.open(store, database.searchIndexFolder(), Duration.ofHours(1))) {
      long total = Math.max(1, index.nodeCount());
      long started = System.nanoTime();
      ProgressBar bar = new ProgressBar(err, "indexing");
      index.rebuild(done -> bar.show(done, total));
      err.printf(
          "%nmnemos: indexed %d nodes in %.1f s%n",
          index.nodeCount(), (System.nanoTime() - started) / 1e9);
      return 0;
    } catch (StoreException e) {
      err.println("mnemos: " + e.code() + ": " + e.getMessage());
      return 1;
    }
  }
}
