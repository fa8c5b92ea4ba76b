package dev.mnemos.server.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Set;

/**
 * A connection whose process "dies" just before its n-th SQL statement that may change the database
 * (anything but a SELECT: a kill before a read is the same as one before the next change): that
 * statement and every call after it throw {@link Crash} without reaching the database, so no
 * cleanup (rollback, commit, lock release) runs, as after a kill. Closing the real connection
 * afterwards is what the database sees of a killed process: SQLite rolls back what was not
 * committed, MySQL too, and frees the connection's named locks.
 */
public final class CrashingConnection {

  private static final Set<String> EXECUTING =
      Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch");

  /** The simulated kill. */
  public static final class Crash extends Error {
    Crash(int statement) {
      super("killed before statement " + statement, null, false, false);
    }
  }

  private final int crashAt;
  private int statements;
  private boolean crashed;

  private CrashingConnection(int crashAt) {
    this.crashAt = crashAt;
  }

  /** {@code real}, dying before its {@code crashAt}-th statement (1 is the first). */
  public static Connection before(Connection real, int crashAt) {
    return new CrashingConnection(crashAt).proxy(Connection.class, real, null);
  }

  /** Whether {@code throwable} is, or was caused by, the simulated kill. */
  public static boolean killed(Throwable throwable) {
    for (Throwable cause = throwable; cause != null; cause = cause.getCause()) {
      if (cause instanceof Crash) {
        return true;
      }
    }
    return false;
  }

  private <T> T proxy(Class<T> type, T target, String preparedSql) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (crashed) {
            throw new Crash(crashAt);
          }
          if (target instanceof Statement && EXECUTING.contains(method.getName())) {
            String sql =
                args != null && args.length > 0 && args[0] instanceof String text
                    ? text
                    : preparedSql;
            if (sql == null || !sql.strip().regionMatches(true, 0, "SELECT", 0, 6)) {
              statements++;
              if (statements >= crashAt) {
                crashed = true;
                throw new Crash(crashAt);
              }
            }
          }
          Object result = invoke(method, target, args);
          String sql =
              args != null && args.length > 0 && args[0] instanceof String text ? text : null;
          return result instanceof Statement statement ? wrapStatement(statement, sql) : result;
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private Statement wrapStatement(Statement statement, String sql) {
    Class<? extends Statement> type =
        statement instanceof CallableStatement
            ? CallableStatement.class
            : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
    return proxyAs(type, statement, sql);
  }

  private <T extends Statement> T proxyAs(Class<T> type, Statement statement, String sql) {
    return proxy(type, type.cast(statement), sql);
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
