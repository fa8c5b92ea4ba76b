package dev.mnemos.server.store;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds every statement to the {@link Deadline} of the work that runs it: none starts once the
 * deadline has passed, and one still running (or fetching) when it passes is cancelled, which
 * SQLite does by interrupting the connection and MySQL/MariaDB by killing the query. JDBC query
 * timeouts would not do: SQLite's driver only applies them to lock waits.
 */
final class DeadlineListener implements ExecuteListener {

  private static final Logger log = LoggerFactory.getLogger(DeadlineListener.class);
  private static final String CANCELLATION = "mnemos.deadline.cancellation";

  /** One daemon thread for the whole process; it only ever runs the cancellations due. */
  private static final ScheduledExecutorService CANCELLER =
      Executors.newSingleThreadScheduledExecutor(
          work -> Thread.ofPlatform().daemon().name("mnemos-deadlines").unstarted(work));

  @Override
  public void executeStart(ExecuteContext ctx) {
    Deadline deadline = Deadline.current().orElse(null);
    if (deadline == null) {
      return;
    }
    if (deadline.passed()) {
      throw deadline.exceeded();
    }
    Statement statement = ctx.statement();
    if (statement != null) {
      ctx.data(
          CANCELLATION,
          CANCELLER.schedule(
              () -> cancel(statement), deadline.remaining().toNanos(), TimeUnit.NANOSECONDS));
    }
  }

  @Override
  public void end(ExecuteContext ctx) {
    if (ctx.data(CANCELLATION) instanceof ScheduledFuture<?> cancellation) {
      cancellation.cancel(false);
    }
  }

  private static void cancel(Statement statement) {
    try {
      statement.cancel();
    } catch (SQLException e) {
      log.debug("cannot cancel a statement past its deadline: {}", e.toString());
    }
  }
}
