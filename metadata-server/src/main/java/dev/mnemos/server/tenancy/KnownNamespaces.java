package dev.mnemos.server.tenancy;

import static dev.mnemos.migrations.tenancy.jooq.Tables.MNEMOS_NODE_NAMESPACE;

import dev.mnemos.server.store.Database;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The namespaces that hold a node: the ones whose rights a reader's scope is made of. This server's
 * own writes add theirs as they happen ({@link NodeNamespaces}); the table is read again every
 * {@code refresh} for the writes of other replicas on the same database. A namespace is never
 * dropped: one that emptied costs a cached access check, nothing more.
 */
public final class KnownNamespaces {

  private final Database database;
  private final long refreshNanos;
  private final Set<String> names = ConcurrentHashMap.newKeySet();
  private volatile long readAtNanos;
  private volatile boolean read;

  public KnownNamespaces(Database database, Duration refresh) {
    this.database = database;
    this.refreshNanos = refresh.toNanos();
  }

  /** Every namespace known to hold a node, in name order. */
  public Set<String> all() {
    if (!read || System.nanoTime() - readAtNanos > refreshNanos) {
      names.addAll(
          database.read(
              sql ->
                  sql.selectDistinct(MNEMOS_NODE_NAMESPACE.NAMESPACE)
                      .from(MNEMOS_NODE_NAMESPACE)
                      .fetchSet(MNEMOS_NODE_NAMESPACE.NAMESPACE)));
      readAtNanos = System.nanoTime();
      read = true;
    }
    return new TreeSet<>(names);
  }

  /** A namespace this server just gave a node. */
  void add(String namespace) {
    names.add(namespace);
  }
}
