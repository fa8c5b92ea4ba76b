package dev.mnemos.server.store;

import static dev.mnemos.migrations.jooq.Tables.ARTIFACT;
import static dev.mnemos.migrations.jooq.Tables.ASSOCIATION;
import static dev.mnemos.migrations.jooq.Tables.CONTEXT;
import static dev.mnemos.migrations.jooq.Tables.CONTEXTPROPERTY;
import static dev.mnemos.migrations.jooq.Tables.EVENT;
import static dev.mnemos.migrations.jooq.Tables.EXECUTION;
import static dev.mnemos.migrations.jooq.Tables.PARENTCONTEXT;
import static dev.mnemos.migrations.jooq.Tables.TYPE;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.model.NodeRef;
import dev.mnemos.server.schema.MembershipTable;
import dev.mnemos.server.schema.NodeTable;
import dev.mnemos.server.scope.ReadScope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * The reads of MLMD's tables that derived data needs, inside a transaction its caller holds (the
 * summaries read within the write they follow): batched lookups by id, any number of ids, one
 * statement per chunk of ids, and named views for queries that join MLMD's data with derived
 * tables. Nothing outside the store reads MLMD's tables but through this class and {@link
 * MetadataGraph}.
 */
public final class GraphReads {

  /** A node's row without its properties. */
  public record NodeHeader(
      NodeRef ref,
      long typeId,
      @Nullable String name,
      @Nullable Long createTime,
      @Nullable Long updateTime,
      @Nullable Long state) {}

  /** A type's id, kind and name. */
  public record TypeHeader(long id, NodeKind kind, String name) {}

  /** One property or custom property of node {@code ownerId}. */
  public record PropertyEntry(long ownerId, String name, boolean custom, Value value) {}

  /**
   * The executions of one context in one state ({@code state} null when unset): how many, and when
   * the last of them changed.
   */
  public record StateTally(@Nullable Long state, long count, @Nullable Long lastUpdate) {}

  /** Rows of (member, context): the attributions of artifacts or associations of executions. */
  public record MembershipView(Table<?> table, Field<Long> memberId, Field<Long> contextId) {}

  /** Rows of (id, name): types, or contexts. */
  public record NameView(Table<?> table, Field<Long> id, Field<String> name) {}

  /** An artifact's writer, in the sense of metrics: unlike lineage, a pending output is not. */
  private static final List<Long> WRITTEN_EVENTS =
      List.of(
          (long) Event.Type.OUTPUT_VALUE,
          (long) Event.Type.DECLARED_OUTPUT_VALUE,
          (long) Event.Type.INTERNAL_OUTPUT_VALUE);

  private final DSLContext sql;

  private GraphReads(DSLContext sql) {
    this.sql = sql;
  }

  /** Reads through {@code sql}, in whatever transaction it runs. */
  public static GraphReads in(DSLContext sql) {
    return new GraphReads(sql);
  }

  public static MembershipView memberships(NodeKind memberKind) {
    MembershipTable t = MembershipTable.of(memberKind);
    return new MembershipView(t.table(), t.memberId(), t.contextId());
  }

  public static NameView typeNames() {
    return new NameView(TYPE, TYPE.ID, TYPE.NAME);
  }

  public static NameView contextNames() {
    return new NameView(CONTEXT, CONTEXT.ID, CONTEXT.NAME);
  }

  /**
   * Holds where {@code scope} may see {@code pipelineName} as the pipeline of run {@code runId}: it
   * names a parent context of the run that the scope sees (KFP v2), or it is the run's own property
   * {@code property} (KFP v1's {@code pipeline_name}). A pipeline the scope does not see keeps its
   * name to itself.
   */
  public static Condition pipelineVisible(
      Field<Long> runId, Field<String> pipelineName, String property, ReadScope scope) {
    if (scope.everything()) {
      return DSL.noCondition();
    }
    return DSL.exists(
            DSL.selectOne()
                .from(PARENTCONTEXT)
                .join(CONTEXT)
                .on(CONTEXT.ID.eq(PARENTCONTEXT.PARENT_CONTEXT_ID))
                .where(PARENTCONTEXT.CONTEXT_ID.eq(runId))
                .and(CONTEXT.NAME.eq(pipelineName))
                .and(scope.visible(NodeKind.CONTEXT, CONTEXT.ID)))
        .or(
            DSL.exists(
                DSL.selectOne()
                    .from(CONTEXTPROPERTY)
                    .where(CONTEXTPROPERTY.CONTEXT_ID.eq(runId))
                    .and(CONTEXTPROPERTY.NAME.eq(property))
                    .and(CONTEXTPROPERTY.STRING_VALUE.eq(pipelineName))));
  }

  /** The headers of the nodes of a kind among {@code ids}. */
  public Map<Long, NodeHeader> headers(NodeKind kind, Collection<Long> ids) {
    NodeTable t = NodeTable.of(kind);
    List<SelectField<?>> columns =
        new ArrayList<>(List.of(t.id(), t.typeId(), t.name(), t.createTime(), t.updateTime()));
    if (t.state() != null) {
      columns.add(t.state());
    }
    Map<Long, NodeHeader> found = new LinkedHashMap<>();
    for (List<Long> chunk : IdChunks.of(ids)) {
      for (Record row : sql.select(columns).from(t.table()).where(t.id().in(chunk)).fetch()) {
        found.put(row.get(t.id()), header(t, row));
      }
    }
    return found;
  }

  private static NodeHeader header(NodeTable t, Record row) {
    return new NodeHeader(
        new NodeRef(t.kind(), row.get(t.id())),
        row.get(t.typeId()),
        row.get(t.name()),
        row.get(t.createTime()),
        row.get(t.updateTime()),
        t.state() == null ? null : row.get(t.state()));
  }

  /** The ids of the contexts each of {@code memberIds} (artifacts or executions) belongs to. */
  public Map<Long, Set<Long>> contextsOf(NodeKind memberKind, Collection<Long> memberIds) {
    MembershipTable t = MembershipTable.of(memberKind);
    Map<Long, Set<Long>> contexts = new TreeMap<>();
    for (List<Long> chunk : IdChunks.of(memberIds)) {
      sql.select(t.memberId(), t.contextId())
          .from(t.table())
          .where(t.memberId().in(chunk))
          .forEach(
              row ->
                  contexts.computeIfAbsent(row.value1(), id -> new TreeSet<>()).add(row.value2()));
    }
    return contexts;
  }

  /** The ids of the artifacts or executions that belong to any of {@code contextIds}. */
  public Set<Long> membersOf(NodeKind memberKind, Collection<Long> contextIds) {
    MembershipTable t = MembershipTable.of(memberKind);
    Set<Long> members = new TreeSet<>();
    for (List<Long> chunk : IdChunks.of(contextIds)) {
      members.addAll(
          sql.selectDistinct(t.memberId())
              .from(t.table())
              .where(t.contextId().in(chunk))
              .fetch(t.memberId()));
    }
    return members;
  }

  /** The ids of the child contexts of any of {@code parentIds}. */
  public Set<Long> children(Collection<Long> parentIds) {
    Set<Long> children = new TreeSet<>();
    for (List<Long> chunk : IdChunks.of(parentIds)) {
      children.addAll(
          sql.select(PARENTCONTEXT.CONTEXT_ID)
              .from(PARENTCONTEXT)
              .where(PARENTCONTEXT.PARENT_CONTEXT_ID.in(chunk))
              .fetch(PARENTCONTEXT.CONTEXT_ID));
    }
    return children;
  }

  /** The headers of each context's parent contexts, in parent id order. */
  public Map<Long, List<NodeHeader>> parents(Collection<Long> childIds) {
    var parent = CONTEXT.as("parent");
    Map<Long, List<NodeHeader>> parents = new HashMap<>();
    for (List<Long> chunk : IdChunks.of(childIds)) {
      sql.select(
              PARENTCONTEXT.CONTEXT_ID,
              parent.ID,
              parent.TYPE_ID,
              parent.NAME,
              parent.CREATE_TIME_SINCE_EPOCH,
              parent.LAST_UPDATE_TIME_SINCE_EPOCH)
          .from(PARENTCONTEXT)
          .join(parent)
          .on(parent.ID.eq(PARENTCONTEXT.PARENT_CONTEXT_ID))
          .where(PARENTCONTEXT.CONTEXT_ID.in(chunk))
          .orderBy(parent.ID)
          .forEach(
              row ->
                  parents
                      .computeIfAbsent(row.value1(), id -> new ArrayList<>())
                      .add(
                          new NodeHeader(
                              NodeRef.context(row.value2()),
                              row.value3(),
                              row.value4(),
                              row.value5(),
                              row.value6(),
                              null)));
    }
    return parents;
  }

  /**
   * The string value of the property (declared or custom) {@code name} of each node that has it.
   */
  public Map<Long, String> stringProperty(NodeKind kind, Collection<Long> ids, String name) {
    NodeTable t = NodeTable.of(kind);
    Map<Long, String> values = new HashMap<>();
    for (List<Long> chunk : IdChunks.of(ids)) {
      sql.select(t.propertyOwner(), t.stringValue())
          .from(t.propertyTable())
          .where(t.propertyOwner().in(chunk))
          .and(t.propertyName().eq(name))
          .and(t.stringValue().isNotNull())
          .forEach(row -> values.put(row.value1(), row.value2()));
    }
    return values;
  }

  /**
   * The string values of the properties (declared or custom) {@code names} of each node that has
   * any of them: node id → property name → value.
   */
  public Map<Long, Map<String, String>> stringProperties(
      NodeKind kind, Collection<Long> ids, Collection<String> names) {
    NodeTable t = NodeTable.of(kind);
    Map<Long, Map<String, String>> values = new HashMap<>();
    for (List<Long> chunk : IdChunks.of(ids)) {
      sql.select(t.propertyOwner(), t.propertyName(), t.stringValue())
          .from(t.propertyTable())
          .where(t.propertyOwner().in(chunk))
          .and(t.propertyName().in(names))
          .and(t.stringValue().isNotNull())
          .forEach(
              row ->
                  values
                      .computeIfAbsent(row.value1(), id -> new HashMap<>())
                      .put(row.value2(), row.value3()));
    }
    return values;
  }

  /** The properties of the given nodes, decoded. */
  public List<PropertyEntry> properties(NodeKind kind, Collection<Long> ids) {
    NodeRepository repository = new NodeRepository(NodeTable.of(kind));
    List<PropertyEntry> entries = new ArrayList<>();
    for (List<Long> chunk : IdChunks.of(ids)) {
      repository
          .properties(sql, chunk)
          .forEach(
              (owner, rows) ->
                  rows.forEach(
                      row ->
                          entries.add(
                              new PropertyEntry(
                                  owner, row.name(), row.custom(), PropertyCodec.decode(row)))));
    }
    return entries;
  }

  /** For each context, its executions tallied by state. */
  public Map<Long, List<StateTally>> executionStates(Collection<Long> contextIds) {
    Map<Long, List<StateTally>> tallies = new HashMap<>();
    for (List<Long> chunk : IdChunks.of(contextIds)) {
      sql.select(
              ASSOCIATION.CONTEXT_ID,
              EXECUTION.LAST_KNOWN_STATE,
              DSL.count(),
              DSL.max(EXECUTION.LAST_UPDATE_TIME_SINCE_EPOCH))
          .from(ASSOCIATION)
          .join(EXECUTION)
          .on(EXECUTION.ID.eq(ASSOCIATION.EXECUTION_ID))
          .where(ASSOCIATION.CONTEXT_ID.in(chunk))
          .groupBy(ASSOCIATION.CONTEXT_ID, EXECUTION.LAST_KNOWN_STATE)
          .forEach(
              row ->
                  tallies
                      .computeIfAbsent(row.value1(), id -> new ArrayList<>())
                      .add(new StateTally(row.value2(), row.value3(), row.value4())));
    }
    return tallies;
  }

  /** The headers of the artifacts the executions wrote (pending outputs are not written yet). */
  public List<NodeHeader> writtenBy(Collection<Long> executionIds) {
    NodeTable t = NodeTable.ARTIFACTS;
    List<NodeHeader> written = new ArrayList<>();
    for (List<Long> chunk : IdChunks.of(executionIds)) {
      sql.select(
              ARTIFACT.ID,
              ARTIFACT.TYPE_ID,
              ARTIFACT.NAME,
              ARTIFACT.CREATE_TIME_SINCE_EPOCH,
              ARTIFACT.LAST_UPDATE_TIME_SINCE_EPOCH,
              ARTIFACT.STATE)
          .from(EVENT)
          .join(ARTIFACT)
          .on(ARTIFACT.ID.eq(EVENT.ARTIFACT_ID))
          .where(EVENT.EXECUTION_ID.in(chunk))
          .and(EVENT.TYPE.in(WRITTEN_EVENTS))
          .forEach(row -> written.add(header(t, row)));
    }
    return written;
  }

  /** The execution that first wrote each artifact, when one did. */
  public Map<Long, Long> firstWriters(Collection<Long> artifactIds) {
    Map<Long, Long> writers = new HashMap<>();
    for (List<Long> chunk : IdChunks.of(artifactIds)) {
      sql.select(EVENT.ARTIFACT_ID, EVENT.EXECUTION_ID)
          .from(EVENT)
          .where(EVENT.ARTIFACT_ID.in(chunk))
          .and(EVENT.TYPE.in(WRITTEN_EVENTS))
          .orderBy(EVENT.ID)
          .forEach(row -> writers.putIfAbsent(row.value1(), row.value2()));
    }
    return writers;
  }

  /** A page of the ids of contexts of the given types, in id order after {@code afterId}. */
  public List<Long> contextsOfTypes(Set<Long> typeIds, long afterId, int limit) {
    return sql.select(CONTEXT.ID)
        .from(CONTEXT)
        .where(CONTEXT.TYPE_ID.in(typeIds))
        .and(CONTEXT.ID.gt(afterId))
        .orderBy(CONTEXT.ID)
        .limit(limit)
        .fetch(CONTEXT.ID);
  }

  /** The types of any kind with one of {@code names}. */
  public List<TypeHeader> typesNamed(Collection<String> names) {
    return sql.select(TYPE.ID, TYPE.NAME, TYPE.TYPE_KIND)
        .from(TYPE)
        .where(TYPE.NAME.in(names))
        .fetch(row -> new TypeHeader(row.value1(), NodeKind.ofCode(row.value3()), row.value2()));
  }
}
