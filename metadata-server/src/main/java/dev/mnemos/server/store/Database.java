package dev.mnemos.server.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.mnemos.migrations.SchemaException;
import dev.mnemos.migrations.SchemaMigrator;
import dev.mnemos.migrations.SqlDialect;
import dev.mnemos.proto.RetryPolicy;
import dev.mnemos.server.change.ChangeListener;
import dev.mnemos.server.change.ChangeSet;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.store.GroupCommit.Applied;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pooled access to the MLMD database, one transaction per call. Writes that arrive together share
 * one transaction and one commit ({@link GroupCommit}), each in its own savepoint; so a process's
 * writes take turns on one connection at a time and cannot deadlock each other. On SQLite, reads
 * use their own connections (WAL mode lets them run beside a writer); on PostgreSQL too, each read
 * transaction one snapshot.
 */
public final class Database implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private static final String SQLITE_URL = "jdbc:sqlite:";

  /** Below this, SQLite may fail a commit for want of room for its log. */
  private static final long MIN_FREE_BYTES = 16L << 20;

  /**
   * Deadlocks and concurrent-write conflicts are detected at once, so the waits are short and
   * jittered: the colliding writers should not collide again.
   */
  private static final RetryPolicy WRITE_RETRIES =
      new RetryPolicy(5, Duration.ofMillis(20), Duration.ofMillis(160), true);

  /**
   * Writes per group commit at most: enough that a burst of concurrent steps shares one commit, few
   * enough that the first of them is not kept waiting long for the last.
   */
  private static final int MAX_GROUP = 32;

  /**
   * How long a write waits for its turn while others are written. Generous: writes that once ran
   * side by side on MariaDB's connections now take turns, and one large write may take seconds.
   * When the database is away, each writer whose turn comes fails within the pool's connection
   * timeout (UNAVAILABLE), and those behind it within this wait.
   */
  private static final Duration ADMISSION_WAIT = Duration.ofSeconds(60);

  private final HikariDataSource readPool;
  private final HikariDataSource writePool;
  private final DSLContext reads;
  private final DSLContext writes;
  private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
  private final List<BiConsumer<WriteTransaction, ChangeSet>> derivations =
      new CopyOnWriteArrayList<>();
  private final LongAdder statements = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder commitsAlone = new LongAdder();
  private final Optional<Path> sqliteFile;
  private final GroupCommit groups;

  private Database(
      SqlDialect dialect,
      HikariDataSource readPool,
      HikariDataSource writePool,
      Optional<Path> sqliteFile) {
    this.sqliteFile = sqliteFile;
    this.groups =
        new GroupCommit(
            new GroupCommit.Transactions() {
              @Override
              public <T> T inTransaction(Function<DSLContext, T> work) {
                return Database.this.inTransaction(writes, work);
              }

              @Override
              public void beforeCommit(DSLContext sql, ChangeSet changes) {
                Database.this.beforeCommit(sql, changes);
              }
            },
            ADMISSION_WAIT,
            MAX_GROUP);
    this.readPool = readPool;
    this.writePool = writePool;
    Settings settings = dialect.jooqSettings();
    this.reads = DSL.using(readPool, dialect.jooqDialect(), settings);
    this.writes = DSL.using(writePool, dialect.jooqDialect(), settings);
    ExecuteListener counter =
        new ExecuteListener() {
          @Override
          public void executeStart(ExecuteContext ctx) {
            statements.increment();
          }
        };
    // The deadline first: a statement it refuses is not counted.
    this.reads.configuration().set(new DeadlineListener(), counter);
    this.writes.configuration().set(new DeadlineListener(), counter);
  }

  /**
   * Connects, then creates, adopts or upgrades the schema.
   *
   * @throws StoreException FAILED_PRECONDITION and friends when the schema cannot be served, or
   *     UNAVAILABLE when the database cannot be reached
   */
  public static Database open(DatabaseSettings settings) {
    SqlDialect dialect = SqlDialect.fromJdbcUrl(settings.jdbcUrl());
    if (dialect == SqlDialect.POSTGRESQL && settings.createDatabase()) {
      PostgresqlDatabaseCreation.ifAbsent(settings);
    }
    HikariDataSource writePool = ConnectionPools.open(settings, dialect, "mnemos-write", true);
    HikariDataSource readPool =
        dialect == SqlDialect.MYSQL
            ? writePool
            : ConnectionPools.open(settings, dialect, "mnemos-read", false);
    Database database = new Database(dialect, readPool, writePool, sqliteFile(settings.jdbcUrl()));
    try (Connection connection = writePool.getConnection()) {
      new SchemaMigrator(dialect, settings.enableUpgrade()).migrate(connection);
    } catch (SchemaException e) {
      database.close();
      throw new StoreException(
          ErrorCode.valueOf(e.kind().name()), String.valueOf(e.getMessage()), e);
    } catch (SQLException | RuntimeException e) {
      database.close();
      throw new StoreException(
          ErrorCode.INTERNAL,
          "cannot use database " + settings.redactedUrl() + ": " + e.getMessage(),
          e);
    }
    return database;
  }

  /**
   * Runs {@code work} in one read transaction. Pooled connections that broke while the database was
   * away (a restart, a failover) would each fail the next read given it: at the first, the pool
   * drops them all and the read is tried once more on a new one, so that only a database still away
   * answers UNAVAILABLE.
   */
  public <T> T read(Function<DSLContext, T> work) {
    try {
      return inTransaction(reads, work);
    } catch (StoreException e) {
      if (!DatabaseErrors.brokenConnection(e)) {
        throw e;
      }
      dropConnections(readPool);
      return inTransaction(reads, work);
    }
  }

  private static void dropConnections(HikariDataSource pool) {
    if (pool.getHikariPoolMXBean() != null) {
      pool.getHikariPoolMXBean().softEvictConnections();
    }
  }

  /**
   * Runs {@code work} in one write transaction: all of it is committed, or none of it. The change
   * listeners see what it recorded, inside the transaction and after the commit.
   */
  public <T> T write(Function<WriteTransaction, T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return writeOnce(work);
      } catch (StoreException e) {
        Optional<Duration> wait =
            DatabaseErrors.deadlock(e) ? WRITE_RETRIES.delayAfter(attempt) : Optional.empty();
        if (wait.isEmpty()) {
          throw e;
        }
        retries.increment();
        pause(wait.get());
      } catch (ConcurrentWriteConflict e) {
        Optional<Duration> wait = WRITE_RETRIES.delayAfter(attempt);
        if (wait.isEmpty()) {
          throw new StoreException(ErrorCode.ABORTED, e.getMessage() + "; retry", e);
        }
        retries.increment();
        pause(wait.get());
      }
    }
  }

  private static void pause(Duration wait) {
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(ErrorCode.ABORTED, "interrupted while retrying a write", e);
    }
  }

  private <T> T writeOnce(Function<WriteTransaction, T> work) {
    Applied<T> applied;
    try {
      applied = groups.write(sql -> apply(work, sql));
    } catch (GroupCommit.Abandoned e) {
      applied = inTransaction(writes, sql -> alone(work, sql));
      commitsAlone.increment();
    } catch (StoreException e) {
      // Not tried again here (a commit cut off may have happened), but the next write should not
      // be given another connection that broke the same way.
      if (DatabaseErrors.brokenConnection(e)) {
        dropConnections(writePool);
      }
      throw e;
    }
    if (!applied.changes().isEmpty()) {
      for (ChangeListener listener : listeners) {
        try {
          listener.afterCommit(applied.changes());
        } catch (RuntimeException e) {
          log.warn("after-commit listener {} failed: {}", listener, e.toString(), e);
        }
      }
    }
    return applied.value();
  }

  /** One write's work and what its listeners decide per write, in a group's transaction. */
  private <T> Applied<T> apply(Function<WriteTransaction, T> work, DSLContext sql) {
    try {
      WriteTransaction tx = new WriteTransaction(sql);
      T value = work.apply(tx);
      if (!tx.changes().isEmpty()) {
        if (!derivations.isEmpty()) {
          ChangeSet written = new ChangeSet();
          written.addAll(tx.changes());
          derivations.forEach(derivation -> derivation.accept(tx, written));
        }
        listeners.forEach(listener -> listener.onWrite(sql, tx.changes()));
      }
      return new Applied<>(value, tx.changes());
    } catch (DataAccessException e) {
      throw DatabaseErrors.of(e);
    }
  }

  /** One write in a transaction of its own: its work, then what is due per transaction. */
  private <T> Applied<T> alone(Function<WriteTransaction, T> work, DSLContext sql) {
    Applied<T> applied = apply(work, sql);
    beforeCommit(sql, applied.changes());
    return applied;
  }

  private void beforeCommit(DSLContext sql, ChangeSet changes) {
    if (changes.isEmpty()) {
      return;
    }
    try {
      listeners.forEach(listener -> listener.beforeCommit(sql, changes));
    } catch (DataAccessException e) {
      throw DatabaseErrors.of(e);
    }
  }

  /**
   * What keeps the database from serving now, if anything: it does not answer a query within the
   * pool's wait, or (SQLite) the folder of its file refuses writes or is all but full. For health
   * checks: cheap, and bounded by the pool's wait.
   */
  public Optional<String> problem() {
    try {
      read(sql -> sql.selectOne().fetch());
    } catch (StoreException e) {
      return Optional.of(String.valueOf(e.getMessage()));
    }
    if (sqliteFile.isEmpty()) {
      return Optional.empty();
    }
    Path folder = sqliteFile.get().toAbsolutePath().getParent();
    if (!Files.isWritable(folder)) {
      return Optional.of("the database folder " + folder + " does not take writes");
    }
    try {
      long free = Files.getFileStore(folder).getUsableSpace();
      if (free < MIN_FREE_BYTES) {
        return Optional.of("the database folder " + folder + " is full (" + free + " bytes free)");
      }
    } catch (IOException e) {
      return Optional.of("cannot read the free space of " + folder + ": " + e.getMessage());
    }
    return Optional.empty();
  }

  /**
   * Copies the whole SQLite database into {@code target}, an empty file made by the caller (with
   * the mode it wants), as one consistent snapshot, while the store and others go on writing
   * (SQLite's {@code VACUUM INTO}, on a read connection: WAL lets writers proceed).
   *
   * @throws StoreException FAILED_PRECONDITION on MySQL/MariaDB and PostgreSQL, whose own tools
   *     copy them
   */
  public void copyTo(Path target) {
    if (sqliteFile.isEmpty()) {
      throw new StoreException(
          ErrorCode.FAILED_PRECONDITION,
          "only the embedded SQLite store is copied this way; back up MariaDB or MySQL with"
              + " mariadb-dump --single-transaction and PostgreSQL with pg_dump"
              + " (docs/reliability.md)");
    }
    // VACUUM cannot run inside a transaction, so not through read(): a pooled connection in
    // auto-commit mode.
    try (Connection connection = readPool.getConnection();
        PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
      vacuum.setString(1, target.toAbsolutePath().toString());
      vacuum.execute();
    } catch (SQLException e) {
      throw DatabaseErrors.translate(new DataAccessException("VACUUM INTO failed", e));
    }
  }

  /** The file of a SQLite URL, unless it is an in-memory database. */
  private static Optional<Path> sqliteFile(String jdbcUrl) {
    if (!jdbcUrl.startsWith(SQLITE_URL)) {
      return Optional.empty();
    }
    String file = jdbcUrl.substring(SQLITE_URL.length());
    int query = file.indexOf('?');
    file = query < 0 ? file : file.substring(0, query);
    file = file.startsWith("file:") ? file.substring("file:".length()) : file;
    if (file.isEmpty() || file.equals(":memory:") || jdbcUrl.contains("mode=memory")) {
      return Optional.empty();
    }
    return Optional.of(Path.of(file));
  }

  /** SQL statements run since the database was opened, for metrics and statement-count tests. */
  public long statementCount() {
    return statements.sum();
  }

  /** Write transactions tried again after a deadlock or a concurrent write conflict. */
  public long retryCount() {
    return retries.sum();
  }

  /** Write transactions committed (each holds one write or several grouped ones). */
  public long commitCount() {
    return groups.commitCount() + commitsAlone.sum();
  }

  /** Writes committed in a transaction another write opened (group commit). */
  public long groupedCount() {
    return groups.joinedCount();
  }

  /** Writes waiting now for their turn in a group commit. */
  public int waitingWrites() {
    return groups.waitingCount();
  }

  /** A connection pool's state now: connections in use, idle, and threads waiting for one. */
  public record PoolState(String name, int active, int idle, int waiting) {}

  /** The state of each pool (a write pool and a read pool; MySQL/MariaDB: one). */
  public List<PoolState> pools() {
    List<HikariDataSource> pools =
        readPool == writePool ? List.of(writePool) : List.of(writePool, readPool);
    return pools.stream()
        .filter(pool -> pool.getHikariPoolMXBean() != null)
        .map(
            pool ->
                new PoolState(
                    pool.getPoolName(),
                    pool.getHikariPoolMXBean().getActiveConnections(),
                    pool.getHikariPoolMXBean().getIdleConnections(),
                    pool.getHikariPoolMXBean().getThreadsAwaitingConnection()))
        .toList();
  }

  /** The family of SQL the database speaks: SQLITE, MYSQL or POSTGRES. */
  SQLDialect family() {
    return writes.dialect().family();
  }

  /** The SQLite file under this database, if it is one (an in-memory one has none). */
  Optional<Path> sqlitePath() {
    return sqliteFile;
  }

  /**
   * Runs {@code work} on one connection of the read pool, outside any transaction, for as long as
   * it takes: for what lives as long as a connection (a MySQL named lock).
   */
  <T> T onOwnConnection(Function<DSLContext, T> work) {
    try {
      return reads.connectionResult(
          connection -> work.apply(DSL.using(connection, reads.dialect(), reads.settings())));
    } catch (DataAccessException e) {
      throw DatabaseErrors.of(e);
    }
  }

  /** Adds a listener for every later write transaction. */
  public void addListener(ChangeListener listener) {
    listeners.add(listener);
  }

  /** Runs {@code derivation} in every write after its work ({@link MetadataStore#derive}). */
  void addDerivation(BiConsumer<WriteTransaction, ChangeSet> derivation) {
    derivations.add(derivation);
  }

  private <T> T inTransaction(DSLContext dsl, Function<DSLContext, T> work) {
    try {
      return dsl.transactionResult(configuration -> work.apply(configuration.dsl()));
    } catch (StoreException e) {
      throw e;
    } catch (DataAccessException e) {
      throw DatabaseErrors.of(e);
    }
  }

  @Override
  public void close() {
    if (readPool != writePool) {
      readPool.close();
    }
    writePool.close();
  }
}
