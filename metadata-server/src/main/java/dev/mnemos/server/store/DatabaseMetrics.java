package dev.mnemos.server.store;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The database as an operator watches it: pool connections in use and threads waiting for one (the
 * first sign that the pool or the database is too small), statements run, and write transactions
 * retried after a deadlock. Read when scraped, so nothing is counted twice.
 */
public final class DatabaseMetrics {

  private DatabaseMetrics() {}

  public static void register(PrometheusRegistry registry, Database database) {
    GaugeWithCallback.builder()
        .name("mnemos_db_pool_connections")
        .help("Connections of each pool, by state (active: in use; idle: ready).")
        .labelNames("pool", "state")
        .callback(
            gauge ->
                database
                    .pools()
                    .forEach(
                        pool -> {
                          gauge.call(pool.active(), pool.name(), "active");
                          gauge.call(pool.idle(), pool.name(), "idle");
                        }))
        .register(registry);
    GaugeWithCallback.builder()
        .name("mnemos_db_pool_waiting_threads")
        .help("Threads waiting for a connection of each pool.")
        .labelNames("pool")
        .callback(
            gauge -> database.pools().forEach(pool -> gauge.call(pool.waiting(), pool.name())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("mnemos_db_writes_waiting")
        .help("Writes waiting for their turn to join or open a write transaction.")
        .callback(gauge -> gauge.call(database.waitingWrites()))
        .register(registry);
    CounterWithCallback.builder()
        .name("mnemos_db_write_commits_total")
        .help("Write transactions committed, each holding one write or a group of concurrent ones.")
        .callback(counter -> counter.call(database.commitCount()))
        .register(registry);
    CounterWithCallback.builder()
        .name("mnemos_db_grouped_writes_total")
        .help("Writes committed in a transaction another concurrent write opened (group commit).")
        .callback(counter -> counter.call(database.groupedCount()))
        .register(registry);
    CounterWithCallback.builder()
        .name("mnemos_db_statements_total")
        .help("SQL statements run since the start.")
        .callback(counter -> counter.call(database.statementCount()))
        .register(registry);
    CounterWithCallback.builder()
        .name("mnemos_db_write_retries_total")
        .help(
            "Write transactions tried again inside the server after a deadlock or a concurrent"
                + " write conflict (clients see ABORTED only when the retries run out).")
        .callback(counter -> counter.call(database.retryCount()))
        .register(registry);
  }
}
