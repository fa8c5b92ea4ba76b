package dev.mnemos.server.store;

import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import java.util.Locale;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Refuses a value no statement can carry, before the database sees it: MariaDB and MySQL refuse a
 * statement larger than {@code max_allowed_packet} and drop the connection, which a client would
 * read as an outage and retry forever. SQLite takes values up to 1 GB, more than a gRPC request
 * holds. Asked only for rows larger than {@link InsertBatches#MAX_BYTES}, so the setting is read
 * when it matters and as the server has it now.
 */
final class PacketLimit {

  /** Room for the statement around the value: its SQL text, the other columns, escapes. */
  private static final long STATEMENT_OVERHEAD = 64 << 10;

  private PacketLimit() {}

  /**
   * @throws StoreException RESOURCE_EXHAUSTED naming {@code what} when a statement holding {@code
   *     bytes} of values is larger than the database takes
   */
  static void check(DSLContext sql, long bytes, String what) {
    if (bytes <= InsertBatches.MAX_BYTES || sql.dialect().family() != SQLDialect.MYSQL) {
      return;
    }
    long packet = sql.select(DSL.field("@@max_allowed_packet", Long.class)).fetchOne().value1();
    if (bytes + STATEMENT_OVERHEAD > packet) {
      throw new StoreException(
          ErrorCode.RESOURCE_EXHAUSTED,
          what
              + " takes "
              + mebibytes(bytes)
              + " MiB; the database takes statements of at most "
              + mebibytes(packet)
              + " MiB (its max_allowed_packet): keep large content in a file and record its URI");
    }
  }

  private static String mebibytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / (double) (1 << 20));
  }
}
