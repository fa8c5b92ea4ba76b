package dev.mnemos.server.testing;

import static dev.mnemos.migrations.jooq.Tables.ARTIFACT;
import static dev.mnemos.migrations.jooq.Tables.ARTIFACTPROPERTY;
import static dev.mnemos.migrations.jooq.Tables.ASSOCIATION;
import static dev.mnemos.migrations.jooq.Tables.ATTRIBUTION;
import static dev.mnemos.migrations.jooq.Tables.CONTEXT;
import static dev.mnemos.migrations.jooq.Tables.CONTEXTPROPERTY;
import static dev.mnemos.migrations.jooq.Tables.EVENT;
import static dev.mnemos.migrations.jooq.Tables.EVENTPATH;
import static dev.mnemos.migrations.jooq.Tables.EXECUTION;
import static dev.mnemos.migrations.jooq.Tables.EXECUTIONPROPERTY;
import static dev.mnemos.migrations.jooq.Tables.PARENTCONTEXT;
import static dev.mnemos.migrations.jooq.Tables.PARENTTYPE;
import static dev.mnemos.migrations.jooq.Tables.TYPE;
import static dev.mnemos.migrations.jooq.Tables.TYPEPROPERTY;
import static dev.mnemos.migrations.tenancy.jooq.Tables.MNEMOS_NODE_NAMESPACE;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.server.scope.ReadScope;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.store.MetadataStore;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jooq.Record;
import org.jooq.Table;

/**
 * The oracle of read isolation: a second database of the same backend holding a copy of a store's
 * MLMD tables without what a scope does not see (the hidden nodes, their properties, and every
 * event, event path, membership and parent link that touches one). Ids are kept, so a read in the
 * scope and the same read on the copy must answer alike.
 */
public final class RestrictedCopy implements AutoCloseable {

  private final Backend.FreshDatabase database;
  private final MetadataStore store;

  private RestrictedCopy(Backend.FreshDatabase database, MetadataStore store) {
    this.database = database;
    this.store = store;
  }

  public static RestrictedCopy of(MetadataStore source, Backend backend, ReadScope scope)
      throws Exception {
    Backend.FreshDatabase database = backend.freshDatabase();
    Map<NodeKind, Set<Long>> hidden = hidden(source, scope);
    Set<Long> hiddenEvents = new HashSet<>();
    Map<Table<?>, Predicate<Record>> keep = new LinkedHashMap<Table<?>, Predicate<Record>>();
    keep.put(TYPE, row -> true);
    keep.put(TYPEPROPERTY, row -> true);
    keep.put(PARENTTYPE, row -> true);
    keep.put(ARTIFACT, row -> visible(hidden, NodeKind.ARTIFACT, row.get(ARTIFACT.ID)));
    keep.put(
        ARTIFACTPROPERTY,
        row -> visible(hidden, NodeKind.ARTIFACT, row.get(ARTIFACTPROPERTY.ARTIFACT_ID)));
    keep.put(EXECUTION, row -> visible(hidden, NodeKind.EXECUTION, row.get(EXECUTION.ID)));
    keep.put(
        EXECUTIONPROPERTY,
        row -> visible(hidden, NodeKind.EXECUTION, row.get(EXECUTIONPROPERTY.EXECUTION_ID)));
    keep.put(CONTEXT, row -> visible(hidden, NodeKind.CONTEXT, row.get(CONTEXT.ID)));
    keep.put(
        CONTEXTPROPERTY,
        row -> visible(hidden, NodeKind.CONTEXT, row.get(CONTEXTPROPERTY.CONTEXT_ID)));
    keep.put(
        EVENT,
        row -> {
          boolean kept =
              visible(hidden, NodeKind.ARTIFACT, row.get(EVENT.ARTIFACT_ID))
                  && visible(hidden, NodeKind.EXECUTION, row.get(EVENT.EXECUTION_ID));
          if (!kept) {
            hiddenEvents.add(row.get(EVENT.ID));
          }
          return kept;
        });
    keep.put(EVENTPATH, row -> !hiddenEvents.contains(row.get(EVENTPATH.EVENT_ID)));
    keep.put(
        ATTRIBUTION,
        row ->
            visible(hidden, NodeKind.ARTIFACT, row.get(ATTRIBUTION.ARTIFACT_ID))
                && visible(hidden, NodeKind.CONTEXT, row.get(ATTRIBUTION.CONTEXT_ID)));
    keep.put(
        ASSOCIATION,
        row ->
            visible(hidden, NodeKind.EXECUTION, row.get(ASSOCIATION.EXECUTION_ID))
                && visible(hidden, NodeKind.CONTEXT, row.get(ASSOCIATION.CONTEXT_ID)));
    keep.put(
        PARENTCONTEXT,
        row ->
            visible(hidden, NodeKind.CONTEXT, row.get(PARENTCONTEXT.CONTEXT_ID))
                && visible(hidden, NodeKind.CONTEXT, row.get(PARENTCONTEXT.PARENT_CONTEXT_ID)));
    // The first open makes MLMD's schema; the rows are replaced by the copy's before the store
    // that is served opens, so no cache of it saw the first ones.
    MetadataStore.open(DatabaseSettings.of(database.jdbcUrl())).close();
    try (MetadataStore target = MetadataStore.open(DatabaseSettings.of(database.jdbcUrl()))) {
      target
          .database()
          .write(
              tx -> {
                for (Table<?> table : List.copyOf(keep.keySet()).reversed()) {
                  tx.sql().deleteFrom(table).execute();
                }
                keep.forEach(
                    (table, kept) -> {
                      for (Record row :
                          source.database().read(sql -> sql.selectFrom(table).fetch())) {
                        if (kept.test(row)) {
                          tx.sql()
                              .insertInto(table)
                              .columns(row.fields())
                              .values(row.intoArray())
                              .execute();
                        }
                      }
                    });
                return null;
              });
    }
    return new RestrictedCopy(
        database, MetadataStore.open(DatabaseSettings.of(database.jdbcUrl())));
  }

  private static Map<NodeKind, Set<Long>> hidden(MetadataStore source, ReadScope scope) {
    Map<NodeKind, Set<Long>> hidden = new EnumMap<>(NodeKind.class);
    for (NodeKind kind : NodeKind.values()) {
      hidden.put(kind, new HashSet<>());
    }
    source
        .database()
        .read(sql -> sql.selectFrom(MNEMOS_NODE_NAMESPACE).fetch())
        .forEach(
            row -> {
              if (!scope.sees(row.getNamespace())) {
                hidden.get(NodeKind.ofCode(row.getNodeKind().intValue())).add(row.getNodeId());
              }
            });
    if (!scope.shared()) {
      // Nodes without a namespace have no row: every other node of the source is hidden too.
      for (NodeKind kind : NodeKind.values()) {
        Set<Long> namespaced =
            source
                .database()
                .read(
                    sql ->
                        sql.select(MNEMOS_NODE_NAMESPACE.NODE_ID)
                            .from(MNEMOS_NODE_NAMESPACE)
                            .where(MNEMOS_NODE_NAMESPACE.NODE_KIND.eq((long) kind.code()))
                            .fetchSet(MNEMOS_NODE_NAMESPACE.NODE_ID));
        Table<?> nodes =
            switch (kind) {
              case ARTIFACT -> ARTIFACT;
              case EXECUTION -> EXECUTION;
              case CONTEXT -> CONTEXT;
            };
        source
            .database()
            .read(sql -> sql.select(nodes.field("id", Long.class)).from(nodes).fetch())
            .forEach(
                row -> {
                  if (!namespaced.contains(row.value1())) {
                    hidden.get(kind).add(row.value1());
                  }
                });
      }
    }
    return hidden;
  }

  private static boolean visible(Map<NodeKind, Set<Long>> hidden, NodeKind kind, Long id) {
    return !hidden.get(kind).contains(id);
  }

  /** The store over the copy, every read unscoped. */
  public MetadataStore store() {
    return store;
  }

  @Override
  public void close() throws Exception {
    store.close();
    database.close();
  }
}
