package dev.mnemos.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The rows of one multi-row INSERT, split into statements every backend takes: SQLite reads at most
 * 1,000,000 bytes of SQL text and binds at most 32,766 values per statement; MariaDB and MySQL
 * refuse a statement larger than their {@code max_allowed_packet} (16 MiB by default on MariaDB),
 * and drop the connection with it. A node with 100,000 properties was one statement, and SQLite
 * answered SQLITE_TOOBIG.
 */
public final class InsertBatches {

  /** Rows per statement: 500 rows of 8 columns bind 4,000 values. */
  static final int MAX_ROWS = 500;

  /**
   * Bytes of values per statement. A single row above it still goes alone, after {@link
   * PacketLimit} made sure the database takes it.
   */
  static final long MAX_BYTES = 1L << 20;

  private InsertBatches() {}

  /** {@code rows} in order, in batches of at most {@link #MAX_ROWS} rows and {@link #MAX_BYTES}. */
  public static <T> List<List<T>> of(List<T> rows, ToLongFunction<T> bytes) {
    List<List<T>> batches = new ArrayList<>();
    List<T> batch = new ArrayList<>();
    long batchBytes = 0;
    for (T row : rows) {
      long rowBytes = bytes.applyAsLong(row);
      if (!batch.isEmpty() && (batch.size() == MAX_ROWS || batchBytes + rowBytes > MAX_BYTES)) {
        batches.add(batch);
        batch = new ArrayList<>();
        batchBytes = 0;
      }
      batch.add(row);
      batchBytes += rowBytes;
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    return batches;
  }

  /** The bytes a text value takes in a statement: its UTF-8 length, escapes aside. */
  public static long textBytes(@Nullable String text) {
    if (text == null) {
      return 0;
    }
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }
}
