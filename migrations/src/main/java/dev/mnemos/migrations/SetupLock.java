package dev.mnemos.migrations;

import dev.mnemos.migrations.SchemaException.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps two processes from setting up one database at once: the second waits until the first is
 * done, then finds the schema ready. On SQLite the whole setup is one {@code BEGIN IMMEDIATE}
 * transaction (the file's write lock; a kill rolls all of it back). On MySQL and MariaDB, whose DDL
 * commits statement by statement, a named lock ({@code GET_LOCK}) per database, which the server
 * frees when the holder's connection ends, also when it is killed; on PostgreSQL a session advisory
 * lock per database, which the server frees the same way. (PostgreSQL's DDL is transactional, but
 * setup probes for tables by reading them, and a failed read ends a PostgreSQL transaction; so it
 * runs statement by statement there too.)
 */
final class SetupLock {

  private static final Logger log = LoggerFactory.getLogger(SetupLock.class);
  private static final int SQLITE_BUSY = 5;
  private static final String POSTGRESQL_LOCK_NOT_AVAILABLE = "55P03";
  private static final String POSTGRESQL_LOCK_KEY =
      "hashtext('mnemos.setup.' || current_database())";
  private static final Duration ATTEMPT = Duration.ofSeconds(10);

  private final Duration patience;

  SetupLock(Duration patience) {
    this.patience = patience;
  }

  /** Runs {@code setup} holding the lock; waits up to the patience for another holder. */
  <T> T holding(SqlDialect dialect, Connection connection, Supplier<T> setup) {
    return switch (dialect) {
      case SQLITE -> inImmediateTransaction(connection, setup);
      case MYSQL -> withNamedLock(connection, setup);
      case POSTGRESQL -> withAdvisoryLock(connection, setup);
    };
  }

  private <T> T inImmediateTransaction(Connection connection, Supplier<T> setup) {
    try (Statement statement = connection.createStatement()) {
      long waitUntil = System.nanoTime() + patience.toNanos();
      while (true) {
        try {
          statement.execute("BEGIN IMMEDIATE");
          break;
        } catch (SQLException e) {
          if ((e.getErrorCode() & 0xff) != SQLITE_BUSY || System.nanoTime() > waitUntil) {
            throw e;
          }
          log.info("Another process is setting up this database; waiting");
        }
      }
      T result;
      try {
        result = setup.get();
      } catch (RuntimeException | Error e) {
        statement.execute("ROLLBACK");
        throw e;
      }
      statement.execute("COMMIT");
      return result;
    } catch (SQLException e) {
      throw new SchemaException(Kind.INTERNAL, "schema setup failed: " + e.getMessage(), e);
    }
  }

  private <T> T withNamedLock(Connection connection, Supplier<T> setup) {
    try (PreparedStatement lock =
            connection.prepareStatement(
                "SELECT GET_LOCK(LEFT(CONCAT('mnemos.setup.', DATABASE()), 64), ?)");
        PreparedStatement unlock =
            connection.prepareStatement(
                "SELECT RELEASE_LOCK(LEFT(CONCAT('mnemos.setup.', DATABASE()), 64))")) {
      long waitUntil = System.nanoTime() + patience.toNanos();
      lock.setLong(1, ATTEMPT.toSeconds());
      while (!acquired(lock)) {
        if (System.nanoTime() > waitUntil) {
          throw new SchemaException(
              Kind.ABORTED,
              "another process has been setting up this database for over "
                  + patience.toMinutes()
                  + " minutes; try again when it is done");
        }
        log.info("Another process is setting up this database; waiting");
      }
      try {
        return setup.get();
      } finally {
        unlock.executeQuery().close();
      }
    } catch (SQLException e) {
      throw new SchemaException(Kind.INTERNAL, "schema setup failed: " + e.getMessage(), e);
    }
  }

  private <T> T withAdvisoryLock(Connection connection, Supplier<T> setup) {
    try (Statement statement = connection.createStatement()) {
      long waitUntil = System.nanoTime() + patience.toNanos();
      statement.execute("SET lock_timeout = '" + ATTEMPT.toSeconds() + "s'");
      try {
        while (true) {
          try {
            statement.execute("SELECT pg_advisory_lock(" + POSTGRESQL_LOCK_KEY + ")");
            break;
          } catch (SQLException e) {
            if (!POSTGRESQL_LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
              throw e;
            }
            if (System.nanoTime() > waitUntil) {
              throw new SchemaException(
                  Kind.ABORTED,
                  "another process has been setting up this database for over "
                      + patience.toMinutes()
                      + " minutes; try again when it is done");
            }
            log.info("Another process is setting up this database; waiting");
          }
        }
      } finally {
        // The connection goes back to a pool: no timeout of setup's may stay with it.
        statement.execute("RESET lock_timeout");
      }
      try {
        return setup.get();
      } finally {
        statement.execute("SELECT pg_advisory_unlock(" + POSTGRESQL_LOCK_KEY + ")");
      }
    } catch (SQLException e) {
      throw new SchemaException(Kind.INTERNAL, "schema setup failed: " + e.getMessage(), e);
    }
  }

  private static boolean acquired(PreparedStatement lock) throws SQLException {
    try (ResultSet result = lock.executeQuery()) {
      return result.next() && result.getInt(1) == 1;
    }
  }
}
