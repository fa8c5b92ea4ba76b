package dev.mnemos.query.bench;

import dev.mnemos.query.QueryLayer;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.store.MetadataStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the query layer costs writers: the same KFP-shaped runs loaded into fresh stores without and
 * with the query layer attached (summary tables in each write transaction, search index fed after
 * commit), alternating, three rounds each; medians and their ratio. Not a test: run it with
 * clients/benchmarks/query_benchmark.sh --ingest [runs] [mysql-server-url].
 */
public final class IngestCost {

  private IngestCost() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    String mysqlServer = args.length > 1 ? args[1] : null;
    double[] without = new double[3];
    double[] with = new double[3];
    for (int round = 0; round < 3; round++) {
      without[round] = load(runs, mysqlServer, false);
      with[round] = load(runs, mysqlServer, true);
    }
    Arrays.sort(without);
    Arrays.sort(with);
    System.out.printf(
        Locale.ROOT,
        "| %s | %d runs | %.1f s (%.0f runs/s) | %.1f s (%.0f runs/s) | %.2f |%n",
        mysqlServer == null ? "SQLite" : "MariaDB",
        runs,
        without[1],
        runs / without[1],
        with[1],
        runs / with[1],
        with[1] / without[1]);
  }

  /** Seconds to load {@code runs} runs into a fresh database, the index caught up included. */
  private static double load(int runs, String mysqlServer, boolean withQueryLayer)
      throws Exception {
    Path dir = Files.createTempDirectory("mnemos-ingest");
    String url;
    String database = "mnemos_ingest_" + System.nanoTime();
    if (mysqlServer == null) {
      url = "jdbc:sqlite:" + dir.resolve("ingest.sqlite");
    } else {
      try (var connection = DriverManager.getConnection(DatabaseSettings.driverUrl(mysqlServer));
          var statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + database);
      }
      url = mysqlServer.replace("/?", "/" + database + "?");
    }
    try (MetadataStore store = MetadataStore.open(DatabaseSettings.of(url))) {
      QueryLayer layer =
          withQueryLayer
              ? QueryLayer.attach(store, dir.resolve("index"), QuerySettings.defaults())
              : null;
      try {
        long started = System.nanoTime();
        new QueryBenchmark(store, layer).load(runs);
        if (layer != null) {
          layer.services().search().awaitCaughtUp(Duration.ofHours(1));
        }
        return (System.nanoTime() - started) / 1e9;
      } finally {
        if (layer != null) {
          layer.close();
        }
      }
    } finally {
      if (mysqlServer != null) {
        try (var connection = DriverManager.getConnection(DatabaseSettings.driverUrl(mysqlServer));
            var statement = connection.createStatement()) {
          statement.execute("DROP DATABASE " + database);
        }
      }
    }
  }
}
