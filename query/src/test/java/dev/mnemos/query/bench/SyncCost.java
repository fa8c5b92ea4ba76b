package dev.mnemos.query.bench;

import dev.mnemos.query.QueryLayer;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.store.MetadataStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.jooq.DSLContext;

/**
 * What durable commits cost writers on SQLite: the same KFP-shaped runs loaded into fresh stores,
 * query layer attached, once as Mnemos writes (synchronous=FULL: the log synced at every commit)
 * and once with the write connection switched to NORMAL (WAL's usual setting, which may lose the
 * last commits to an OS crash), alternating, three rounds each; medians and their ratio. Not a
 * test: run it with clients/benchmarks/query_benchmark.sh --sync [runs].
 */
public final class SyncCost {

  private SyncCost() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    double[] normal = new double[3];
    double[] full = new double[3];
    for (int round = 0; round < 3; round++) {
      normal[round] = load(runs, "NORMAL");
      full[round] = load(runs, "FULL");
    }
    Arrays.sort(normal);
    Arrays.sort(full);
    System.out.printf(
        Locale.ROOT,
        "| SQLite | %d runs | NORMAL %.1f s (%.0f runs/s) | FULL %.1f s (%.0f runs/s) | %.2f |%n",
        runs,
        normal[1],
        runs / normal[1],
        full[1],
        runs / full[1],
        full[1] / normal[1]);
  }

  /** Seconds to load {@code runs} runs into a fresh SQLite store with {@code synchronous}. */
  private static double load(int runs, String synchronous) throws Exception {
    Path dir = Files.createTempDirectory("mnemos-sync");
    try (MetadataStore store =
        MetadataStore.open(DatabaseSettings.of("jdbc:sqlite:" + dir.resolve("m.sqlite")))) {
      // The store writes through one connection, so a setting made on it holds for every write
      // below. SQLite refuses to change it inside a transaction, and the store offers only
      // transactions: this one is ended, the setting made, and a new one begun for the store to
      // commit. A benchmark's trick, never the store's way.
      store
          .database()
          .write(
              tx -> {
                DSLContext sql = tx.sql();
                sql.execute("COMMIT");
                sql.execute("PRAGMA synchronous = " + synchronous);
                return sql.execute("BEGIN");
              });
      Object level = store.database().write(tx -> tx.sql().fetchValue("PRAGMA synchronous"));
      if (!level.toString().equals(synchronous.equals("FULL") ? "2" : "1")) {
        throw new IllegalStateException("synchronous is " + level + ", not " + synchronous);
      }
      QueryLayer layer = QueryLayer.attach(store, dir.resolve("index"), QuerySettings.defaults());
      try {
        long started = System.nanoTime();
        new QueryBenchmark(store, layer).load(runs);
        layer.services().search().awaitCaughtUp(Duration.ofHours(1));
        return (System.nanoTime() - started) / 1e9;
      } finally {
        layer.close();
      }
    }
  }
}
