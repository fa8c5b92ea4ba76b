package dev.mnemos.server.store;

import static dev.mnemos.migrations.jooq.Tables.TYPE;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.schema.NodeTable;
import dev.mnemos.server.scope.ReadScope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;

/** Reads and writes the rows of one node kind: the node table and its property table. */
final class NodeRepository {

  private final NodeTable t;

  NodeRepository(NodeTable table) {
    this.t = table;
  }

  NodeTable table() {
    return t;
  }

  /** Nodes matching {@code condition} in ascending id order, with type names and properties. */
  List<Node> load(DSLContext sql, Condition condition) {
    List<SelectField<?>> columns =
        new ArrayList<>(
            List.of(
                t.id(),
                t.typeId(),
                t.name(),
                t.externalId(),
                t.createTime(),
                t.updateTime(),
                TYPE.NAME));
    if (t.uri() != null) {
      columns.add(t.uri());
    }
    if (t.state() != null) {
      columns.add(t.state());
    }
    var rows =
        sql.select(columns)
            .from(t.table())
            .leftJoin(TYPE)
            .on(TYPE.ID.eq(t.typeId()))
            .where(condition)
            .orderBy(t.id())
            .fetch();
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<Long, List<PropertyRow>> properties = properties(sql, rows.getValues(t.id()));
    List<Node> nodes = new ArrayList<>(rows.size());
    for (Record row : rows) {
      long id = row.get(t.id());
      Map<String, Value> declared = new LinkedHashMap<>();
      Map<String, Value> custom = new LinkedHashMap<>();
      for (PropertyRow property : properties.getOrDefault(id, List.of())) {
        (property.custom() ? custom : declared)
            .put(property.name(), PropertyCodec.decode(property));
      }
      nodes.add(
          new Node(
              t.kind(),
              id,
              row.get(t.typeId()),
              row.get(TYPE.NAME),
              row.get(t.name()),
              row.get(t.externalId()),
              t.uri() == null ? null : row.get(t.uri()),
              t.state() == null ? null : row.get(t.state()),
              row.get(t.createTime()),
              row.get(t.updateTime()),
              declared,
              custom));
    }
    return nodes;
  }

  /** The nodes with these ids, in ascending id order; any number of ids. */
  List<Node> byIds(DSLContext sql, Collection<Long> ids) {
    return byIds(sql, ids, ReadScope.EVERYTHING);
  }

  /** The nodes with these ids that {@code scope} sees, in ascending id order. */
  List<Node> byIds(DSLContext sql, Collection<Long> ids, ReadScope scope) {
    List<Node> found = new ArrayList<>();
    for (List<Long> chunk : IdChunks.of(new TreeSet<>(ids))) {
      found.addAll(load(sql, t.id().in(chunk).and(scope.visible(t))));
    }
    return found;
  }

  Map<Long, List<PropertyRow>> properties(DSLContext sql, List<Long> ownerIds) {
    Map<Long, List<PropertyRow>> byOwner = new HashMap<>();
    sql.select(
            t.propertyOwner(),
            t.propertyName(),
            t.propertyIsCustom(),
            t.intValue(),
            t.doubleValue(),
            t.stringValue(),
            t.protoValue(),
            t.boolValue())
        .from(t.propertyTable())
        .where(t.propertyOwner().in(ownerIds))
        .orderBy(t.propertyOwner(), t.propertyName())
        .forEach(
            row ->
                byOwner
                    .computeIfAbsent(row.value1(), id -> new ArrayList<>())
                    .add(
                        new PropertyRow(
                            row.value2(),
                            Boolean.TRUE.equals(row.value3()),
                            row.value4(),
                            row.value5(),
                            row.value6(),
                            row.value7(),
                            row.value8())));
    return byOwner;
  }

  /**
   * Inserts the node row and its properties; a taken (type, name) or external id is ALREADY_EXISTS.
   */
  long insert(DSLContext sql, Node node, long now) {
    Map<Field<?>, Object> values = new LinkedHashMap<>();
    values.put(t.typeId(), node.typeId());
    values.put(t.name(), node.name());
    values.put(t.externalId(), node.externalId());
    if (t.uri() != null) {
      values.put(t.uri(), node.uri() == null ? "" : node.uri());
    }
    if (t.state() != null) {
      values.put(t.state(), node.state());
    }
    values.put(t.createTime(), now);
    values.put(t.updateTime(), now);
    long id;
    try {
      id = sql.insertInto(t.table()).set(values).returningResult(t.id()).fetchOne(t.id());
    } catch (IntegrityConstraintViolationException e) {
      throw StoreException.alreadyExists(
          "Given node already exists: a "
              + t.label()
              + " with the same type and name, or the same external_id, is stored");
    }
    insertProperties(sql, id, propertyRows(node));
    return id;
  }

  /** Encoded rows of every property of a node, declared ones first. */
  private static List<PropertyRow> propertyRows(Node node) {
    List<PropertyRow> rows = new ArrayList<>();
    node.properties().forEach((name, value) -> rows.add(PropertyCodec.encode(name, false, value)));
    node.customProperties()
        .forEach((name, value) -> rows.add(PropertyCodec.encode(name, true, value)));
    return rows;
  }

  /** Property rows of one node, in as few multi-row statements as the database takes. */
  void insertProperties(DSLContext sql, long ownerId, List<PropertyRow> rows) {
    for (PropertyRow row : rows) {
      PacketLimit.check(
          sql,
          bytes(row),
          (row.custom() ? "custom property '" : "property '")
              + row.name()
              + "' of this "
              + t.label());
    }
    for (List<PropertyRow> batch : InsertBatches.of(rows, NodeRepository::bytes)) {
      var insert =
          sql.insertInto(
              t.propertyTable(),
              t.propertyOwner(),
              t.propertyName(),
              t.propertyIsCustom(),
              t.intValue(),
              t.doubleValue(),
              t.stringValue(),
              t.protoValue(),
              t.boolValue());
      for (PropertyRow row : batch) {
        insert =
            insert.values(
                ownerId,
                row.name(),
                row.custom(),
                row.intValue(),
                row.doubleValue(),
                row.stringValue(),
                row.protoValue(),
                row.boolValue());
      }
      insert.execute();
    }
  }

  /** A property row's size in a statement: its texts, and the fixed-size columns. */
  private static long bytes(PropertyRow row) {
    return 32
        + InsertBatches.textBytes(row.name())
        + InsertBatches.textBytes(row.stringValue())
        + InsertBatches.textBytes(row.protoValue());
  }

  /**
   * Writes the node row's mutable columns. A taken external id surfaces as INTERNAL, as in MLMD.
   */
  void updateRow(DSLContext sql, Node node, long updateTime) {
    Map<Field<?>, Object> values = new LinkedHashMap<>();
    values.put(t.externalId(), node.externalId());
    if (t.uri() != null) {
      values.put(t.uri(), node.uri() == null ? "" : node.uri());
    }
    if (t.state() != null) {
      values.put(t.state(), node.state());
    }
    if (t.kind() == NodeKind.CONTEXT) {
      values.put(t.name(), node.name());
    }
    values.put(t.updateTime(), updateTime);
    sql.update(t.table()).set(values).where(t.id().eq(node.id())).execute();
  }

  void deleteProperty(DSLContext sql, long ownerId, String name, boolean custom) {
    sql.deleteFrom(t.propertyTable())
        .where(
            t.propertyOwner().eq(ownerId),
            t.propertyName().eq(name),
            t.propertyIsCustom().eq(custom))
        .execute();
  }

  /** Ids of nodes whose external id is one of {@code externalIds}. */
  Map<String, Long> idsByExternalId(DSLContext sql, Collection<String> externalIds) {
    Map<String, Long> ids = new HashMap<>();
    if (!externalIds.isEmpty()) {
      sql.select(t.externalId(), t.id())
          .from(t.table())
          .where(t.externalId().in(externalIds))
          .forEach(row -> ids.put(row.value1(), row.value2()));
    }
    return ids;
  }

  boolean exists(DSLContext sql, long id) {
    return sql.fetchExists(DSL.selectOne().from(t.table()).where(t.id().eq(id)));
  }
}
