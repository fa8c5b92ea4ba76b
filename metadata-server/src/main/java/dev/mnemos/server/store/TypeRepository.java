package dev.mnemos.server.store;

import static dev.mnemos.migrations.jooq.Tables.PARENTTYPE;
import static dev.mnemos.migrations.jooq.Tables.TYPE;
import static dev.mnemos.migrations.jooq.Tables.TYPEPROPERTY;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.migrations.jooq.tables.Type;
import dev.mnemos.migrations.jooq.tables.records.TypeRecord;
import dev.mnemos.proto.mlmd.PropertyType;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.NodeType;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/** Reads and writes rows of `Type`, `TypeProperty` and `ParentType`. */
final class TypeRepository {

  private static final Type BASE = TYPE.as("base");

  Optional<NodeType> byNameAndVersion(
      DSLContext sql, NodeKind kind, String name, @Nullable String version) {
    Condition versionMatches = version == null ? TYPE.VERSION.isNull() : TYPE.VERSION.eq(version);
    return load(sql, TYPE.TYPE_KIND.eq(kind.code()).and(TYPE.NAME.eq(name)).and(versionMatches))
        .stream()
        .findFirst();
  }

  /**
   * Locks (kind, name, version) for this transaction, so that of two concurrent creations of the
   * same type on servers sharing the database one waits for the other and then finds its type,
   * instead of both inserting: MLMD's `Type` table has no unique key to stop them. On MySQL the
   * index range (or one of the two fails with a deadlock: ABORTED, which the store retries); on
   * PostgreSQL, which locks rows and not ranges, a transaction advisory lock on the triple's hash
   * (the race that keeps KFP off MLMD on PostgreSQL, kubeflow/pipelines#14353). SQLite needs no
   * lock: its writes are serialised.
   */
  void lockNameAndVersion(DSLContext sql, NodeKind kind, String name, @Nullable String version) {
    if (sql.dialect().family() == SQLDialect.POSTGRES) {
      // The writes after it read committed rows: once granted, the other's type is visible.
      String key = kind.code() + "\n" + name + "\n" + (version == null ? "" : "=" + version);
      sql.resultQuery("SELECT pg_advisory_xact_lock(hashtext({0}))", DSL.val(key)).fetch();
      return;
    }
    if (sql.dialect().family() != SQLDialect.MYSQL) {
      return;
    }
    Condition versionMatches = version == null ? TYPE.VERSION.isNull() : TYPE.VERSION.eq(version);
    sql.select(TYPE.ID)
        .from(TYPE)
        .where(TYPE.NAME.eq(name), TYPE.TYPE_KIND.eq(kind.code()), versionMatches)
        .forUpdate()
        .fetch();
  }

  Optional<NodeType> byId(DSLContext sql, NodeKind kind, long id) {
    return byIds(sql, kind, List.of(id)).stream().findFirst();
  }

  List<NodeType> byIds(DSLContext sql, NodeKind kind, Collection<Long> ids) {
    return load(sql, TYPE.TYPE_KIND.eq(kind.code()).and(TYPE.ID.in(ids)));
  }

  List<NodeType> byExternalIds(DSLContext sql, NodeKind kind, Collection<String> externalIds) {
    return load(sql, TYPE.TYPE_KIND.eq(kind.code()).and(TYPE.EXTERNAL_ID.in(externalIds)));
  }

  List<NodeType> all(DSLContext sql, NodeKind kind) {
    return load(sql, TYPE.TYPE_KIND.eq(kind.code()));
  }

  /** The id of the `mlmd.*` simple type with this name, if the database has it. */
  Optional<Long> simpleTypeId(DSLContext sql, NodeKind kind, String name) {
    return sql.select(TYPE.ID)
        .from(TYPE)
        .where(TYPE.TYPE_KIND.eq(kind.code()), TYPE.NAME.eq(name), TYPE.VERSION.isNull())
        .orderBy(TYPE.ID)
        .limit(1)
        .fetchOptional(TYPE.ID);
  }

  long insert(DSLContext sql, NodeType type) {
    TypeRecord row = sql.newRecord(TYPE);
    row.setName(type.name());
    row.setVersion(type.version());
    row.setTypeKind(type.kind().code());
    row.setDescription(type.description());
    row.setExternalId(type.externalId());
    row.setInputType(type.inputTypeJson());
    row.setOutputType(type.outputTypeJson());
    try {
      row.store();
    } catch (IntegrityConstraintViolationException e) {
      throw StoreException.alreadyExists(
          "Type with external_id " + type.externalId() + " already exists");
    }
    long id = row.getId();
    type.properties().forEach((name, dataType) -> insertProperty(sql, id, name, dataType));
    return id;
  }

  void insertProperty(DSLContext sql, long typeId, String name, PropertyType dataType) {
    sql.insertInto(TYPEPROPERTY, TYPEPROPERTY.TYPE_ID, TYPEPROPERTY.NAME, TYPEPROPERTY.DATA_TYPE)
        .values(typeId, name, (long) dataType.getNumber())
        .execute();
  }

  void insertParent(DSLContext sql, long typeId, long parentTypeId) {
    sql.insertInto(PARENTTYPE, PARENTTYPE.TYPE_ID, PARENTTYPE.PARENT_TYPE_ID)
        .values(typeId, parentTypeId)
        .execute();
  }

  void updateExternalId(DSLContext sql, long typeId, String externalId) {
    try {
      sql.update(TYPE).set(TYPE.EXTERNAL_ID, externalId).where(TYPE.ID.eq(typeId)).execute();
    } catch (IntegrityConstraintViolationException e) {
      throw StoreException.alreadyExists("Type with external_id " + externalId + " already exists");
    }
  }

  private List<NodeType> load(DSLContext sql, Condition condition) {
    var rows =
        sql.select(TYPE.fields())
            .select(BASE.NAME)
            .from(TYPE)
            .leftJoin(PARENTTYPE)
            .on(PARENTTYPE.TYPE_ID.eq(TYPE.ID))
            .leftJoin(BASE)
            .on(BASE.ID.eq(PARENTTYPE.PARENT_TYPE_ID))
            .where(condition)
            .orderBy(TYPE.ID)
            .fetch();
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<Long, Map<String, PropertyType>> properties = new HashMap<>();
    sql.selectFrom(TYPEPROPERTY)
        .where(TYPEPROPERTY.TYPE_ID.in(rows.getValues(TYPE.ID)))
        .orderBy(TYPEPROPERTY.TYPE_ID, TYPEPROPERTY.NAME)
        .forEach(
            p ->
                properties
                    .computeIfAbsent(p.getTypeId(), id -> new LinkedHashMap<>())
                    .put(p.getName(), propertyType(p.getDataType())));
    Map<Long, NodeType> byId = new LinkedHashMap<>();
    for (var row : rows) {
      long id = row.get(TYPE.ID);
      byId.putIfAbsent(
          id,
          new NodeType(
              id,
              kindOf(row.get(TYPE.TYPE_KIND)),
              row.get(TYPE.NAME),
              row.get(TYPE.VERSION),
              row.get(TYPE.DESCRIPTION),
              row.get(TYPE.EXTERNAL_ID),
              properties.getOrDefault(id, Map.of()),
              row.get(BASE.NAME),
              row.get(TYPE.INPUT_TYPE),
              row.get(TYPE.OUTPUT_TYPE)));
    }
    return List.copyOf(byId.values());
  }

  private static PropertyType propertyType(Long code) {
    PropertyType type = code == null ? null : PropertyType.forNumber(code.intValue());
    return type == null ? PropertyType.UNKNOWN : type;
  }

  private static NodeKind kindOf(long code) {
    for (NodeKind kind : NodeKind.values()) {
      if (kind.code() == code) {
        return kind;
      }
    }
    throw new StoreException(ErrorCode.INTERNAL, "unknown type_kind " + code);
  }
}
