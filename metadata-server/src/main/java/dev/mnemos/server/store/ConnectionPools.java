package dev.mnemos.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.mnemos.migrations.SqlDialect;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import java.time.Duration;

/**
 * The connection pools of each database family: how many connections, and the session each one gets
 * (SQLite's journal and sync, MySQL's latin1 text, PostgreSQL's isolation per pool).
 */
final class ConnectionPools {

  /**
   * Read connections on SQLite at least: more than the cores, so that a long read (a lineage walk
   * through a hub) does not hold up the short ones behind it; the OS shares the cores among them.
   * With one per core, the soak's readers waited past the pool's 5 s for a connection.
   */
  static final int SQLITE_READERS = 8;

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  private ConnectionPools() {}

  /**
   * A pool, connected once so an unreachable database fails here.
   *
   * @param writes whether the pool serves the writes (SQLite: one connection; PostgreSQL: read
   *     committed) or the reads
   * @throws StoreException UNAVAILABLE when the database cannot be reached
   */
  static HikariDataSource open(
      DatabaseSettings settings, SqlDialect dialect, String name, boolean writes) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(settings.driverUrl());
    settings.user().ifPresent(config::setUsername);
    settings.password().ifPresent(config::setPassword);
    settings.driverProperties().forEach(config::addDataSourceProperty);
    config.setInitializationFailTimeout(1);
    config.setConnectionTimeout(settings.connectTimeout().toMillis());
    if (dialect == SqlDialect.SQLITE) {
      config.setMaximumPoolSize(
          writes ? 1 : Math.max(SQLITE_READERS, 2 * Runtime.getRuntime().availableProcessors()));
      config.addDataSourceProperty("journal_mode", "WAL");
      config.addDataSourceProperty("busy_timeout", "10000");
      // FULL: a commit is on disk before the call is answered. NORMAL (WAL's usual choice) may
      // lose the last commits to a power loss or an OS crash, which an acknowledged write must
      // survive.
      config.addDataSourceProperty("synchronous", "FULL");
    } else if (dialect == SqlDialect.POSTGRESQL) {
      config.setMaximumPoolSize(settings.maxPoolSize());
      // Each connection is a server process (max_connections is 100 by default), and replicas
      // share the server: idle pools keep two, not all ten.
      config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
      // Writes read the latest committed rows and lock what they depend on (as InnoDB's locking
      // reads do); a read transaction sees one snapshot throughout (as InnoDB's plain reads do),
      // so that a page of nodes and their properties agree. A read-only snapshot never fails.
      config.setTransactionIsolation(
          writes ? "TRANSACTION_READ_COMMITTED" : "TRANSACTION_REPEATABLE_READ");
      config.addDataSourceProperty("ApplicationName", "mnemos");
      // In seconds: a server that is down answers within seconds, so the call can say UNAVAILABLE.
      config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT.toSeconds()));
    } else {
      config.setMaximumPoolSize(settings.maxPoolSize());
      // Text as the MLMD library stores it. Its MySQL client talks latin1 and sends UTF-8 bytes,
      // so the server keeps each byte as one latin1 character (in utf8mb4 columns). A latin1
      // session with a driver that always writes and reads UTF-8 (MariaDB's) does the same: text
      // the library wrote reads back as written, the library reads Mnemos' text as written, and
      // filters compare the same stored bytes.
      config.setConnectionInitSql("SET NAMES latin1");
      // A server that is down answers within seconds, so the call can say UNAVAILABLE in time.
      config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT.toMillis()));
    }
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreException(
          ErrorCode.UNAVAILABLE,
          "cannot connect to " + settings.redactedUrl() + ": " + DatabaseErrors.rootMessage(e),
          e);
    }
  }
}
