package dev.mnemos.server.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Splits id lists for IN clauses: SQLite binds at most 32766 values per statement. */
public final class IdChunks {

  public static final int SIZE = 5000;

  private IdChunks() {}

  public static List<List<Long>> of(Collection<Long> ids) {
    List<Long> all = List.copyOf(ids);
    List<List<Long>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += SIZE) {
      chunks.add(all.subList(from, Math.min(all.size(), from + SIZE)));
    }
    return chunks;
  }
}
