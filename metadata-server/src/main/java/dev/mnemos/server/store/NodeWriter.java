package dev.mnemos.server.store;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.PropertyType;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.change.StoreChange.NodeInserted;
import dev.mnemos.server.change.StoreChange.NodeUpdated;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.model.NodeRef;
import dev.mnemos.server.model.NodeType;
import dev.mnemos.server.schema.NodeTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.DSLContext;

/**
 * MLMD's rules for writing one node: inserts need a known type and valid properties; updates
 * replace the node, or with a field mask only the masked fields; the update time moves only when
 * something changed. Works inside a transaction the caller opened.
 */
final class NodeWriter {

  /** Options of one put: the field mask paths (empty = whole node) and the update time rules. */
  record PutOptions(
      List<String> maskPaths, boolean forceUpdateTime, boolean abortIfUpdatedTimeChanged) {
    static final PutOptions DEFAULT = new PutOptions(List.of(), false, false);
  }

  private final NodeRepository nodes;
  private final TypeService types;

  NodeWriter(NodeRepository nodes, TypeService types) {
    this.nodes = nodes;
    this.types = types;
  }

  /** Inserts {@code node} when it has no id, updates the stored node otherwise; returns the id. */
  long put(WriteTransaction tx, Node node, PutOptions options) {
    return node.id() == null ? insert(tx, node) : update(tx, node, options);
  }

  long insert(WriteTransaction tx, Node node) {
    validateInsert(tx.sql(), node);
    long id = nodes.insert(tx.sql(), node, System.currentTimeMillis());
    tx.record(new NodeInserted(new NodeRef(nodes.table().kind(), id)));
    return id;
  }

  /**
   * Reads the stored nodes among {@code ids} in one query, for the updates of them this transaction
   * makes next (each would read its node alone).
   */
  void prefetch(WriteTransaction tx, Collection<Long> ids) {
    if (ids.size() > 1) {
      nodes.byIds(tx.sql(), ids).forEach(tx::prefetched);
    }
  }

  /** The checks of an insert, without writing: type given and known, name, properties. */
  void validateInsert(DSLContext sql, Node node) {
    validateInserts(sql, List.of(node));
  }

  /**
   * The checks of several nodes to write, without writing, in MLMD's order: every type id given,
   * then every type known (NOT_FOUND), then each node's name and properties (INVALID_ARGUMENT).
   */
  void validateInserts(DSLContext sql, List<Node> inserts) {
    NodeTable t = nodes.table();
    for (Node node : inserts) {
      if (node.typeId() == null) {
        throw StoreException.invalidArgument("Type id is missing.");
      }
    }
    List<NodeType> found = new ArrayList<>(inserts.size());
    for (Node node : inserts) {
      found.add(
          types
              .forNode(
                  sql,
                  t.kind(),
                  Objects.requireNonNull(node.typeId(), "checked above"),
                  node.properties().keySet())
              .orElseThrow(
                  () -> StoreException.notFound("Cannot find type for type_id: " + node.typeId())));
    }
    for (int i = 0; i < inserts.size(); i++) {
      Node node = inserts.get(i);
      if (t.kind() == NodeKind.CONTEXT && (node.name() == null || node.name().isEmpty())) {
        throw StoreException.invalidArgument("Context name should not be empty");
      }
      validateProperties(found.get(i), node);
    }
  }

  private long update(WriteTransaction tx, Node request, PutOptions options) {
    DSLContext sql = tx.sql();
    NodeTable t = nodes.table();
    long id = Objects.requireNonNull(request.id(), "put() updates only nodes with an id");
    Node stored =
        tx.takePrefetched(new NodeRef(t.kind(), id))
            .or(() -> nodes.byIds(sql, List.of(id)).stream().findFirst())
            .orElseThrow(
                () ->
                    StoreException.invalidArgument(
                        "Cannot find the given id " + request.id() + " of " + t.label() + "."));
    if (request.typeId() != null && !request.typeId().equals(stored.typeId())) {
      throw StoreException.invalidArgument(
          "Given type_id "
              + request.typeId()
              + " differs from the stored type_id "
              + stored.typeId()
              + ".");
    }
    if (options.abortIfUpdatedTimeChanged()
        && !Objects.equals(request.updateTime(), stored.updateTime())) {
      throw new StoreException(
          ErrorCode.FAILED_PRECONDITION,
          "`last_update_time_since_epoch` "
              + request.updateTime()
              + " does not match the stored value "
              + stored.updateTime()
              + "; the node was changed by another writer");
    }
    Node merged =
        options.maskPaths().isEmpty()
            ? replaceAll(stored, request)
            : applyMask(stored, request, options.maskPaths());
    if (t.kind() == NodeKind.CONTEXT && (merged.name() == null || merged.name().isEmpty())) {
      throw StoreException.invalidArgument("Context name should not be empty");
    }
    NodeType type =
        types
            .forNode(sql, t.kind(), stored.storedTypeId(), merged.properties().keySet())
            .orElseThrow(
                () ->
                    new StoreException(
                        ErrorCode.FAILED_PRECONDITION,
                        t.label() + " " + stored.storedId() + " has no type"));
    validateProperties(type, merged);
    boolean propertiesChanged = writePropertyChanges(sql, stored, merged);
    boolean attributesChanged =
        !Objects.equals(stored.name(), merged.name())
            || !Objects.equals(stored.externalId(), merged.externalId())
            || !Objects.equals(stored.uri(), merged.uri())
            || !Objects.equals(stored.state(), merged.state());
    if (attributesChanged || propertiesChanged || options.forceUpdateTime()) {
      long now = System.currentTimeMillis();
      // A reader comparing update times must see this write as newer than the last one.
      long updateTime =
          Math.max(now, stored.storedUpdateTime() + (options.abortIfUpdatedTimeChanged() ? 1 : 0));
      nodes.updateRow(sql, merged, updateTime);
      tx.record(new NodeUpdated(stored.ref()));
    }
    return stored.storedId();
  }

  /** Without a mask the request is the whole new node; artifact and execution names stay. */
  private Node replaceAll(Node stored, Node request) {
    boolean nameIsMutable = nodes.table().kind() == NodeKind.CONTEXT;
    return new Node(
        stored.kind(),
        stored.id(),
        stored.typeId(),
        stored.typeName(),
        nameIsMutable ? request.name() : stored.name(),
        request.externalId(),
        nodes.table().uri() == null ? null : (request.uri() == null ? "" : request.uri()),
        request.state(),
        stored.createTime(),
        stored.updateTime(),
        request.properties(),
        request.customProperties());
  }

  private Node applyMask(Node stored, Node request, List<String> paths) {
    NodeTable t = nodes.table();
    String name = stored.name();
    String externalId = stored.externalId();
    String uri = stored.uri();
    Long state = stored.state();
    Map<String, Value> properties = new LinkedHashMap<>(stored.properties());
    Map<String, Value> custom = new LinkedHashMap<>(stored.customProperties());
    boolean wholeProperties = paths.contains("properties");
    boolean wholeCustom = paths.contains("custom_properties");
    if (wholeProperties) {
      properties = new LinkedHashMap<>(request.properties());
    }
    if (wholeCustom) {
      custom = new LinkedHashMap<>(request.customProperties());
    }
    String statePath = t.kind() == NodeKind.EXECUTION ? "last_known_state" : "state";
    for (String path : paths) {
      if (path.equals("external_id")) {
        externalId = request.externalId();
      } else if (path.equals("uri") && t.uri() != null) {
        uri = request.uri() == null ? "" : request.uri();
      } else if (path.equals(statePath) && t.state() != null) {
        state = request.state();
      } else if (path.equals("name") && t.kind() == NodeKind.CONTEXT) {
        name = request.name();
      } else if (path.startsWith("properties.") && !wholeProperties) {
        maskKey(properties, request.properties(), path.substring("properties.".length()));
      } else if (path.startsWith("custom_properties.") && !wholeCustom) {
        maskKey(custom, request.customProperties(), path.substring("custom_properties.".length()));
      }
    }
    return new Node(
        stored.kind(),
        stored.id(),
        stored.typeId(),
        stored.typeName(),
        name,
        externalId,
        uri,
        state,
        stored.createTime(),
        stored.updateTime(),
        properties,
        custom);
  }

  private static void maskKey(Map<String, Value> target, Map<String, Value> request, String key) {
    Value value = request.get(key);
    if (value == null) {
      target.remove(key);
    } else {
      target.put(key, value);
    }
  }

  private boolean writePropertyChanges(DSLContext sql, Node stored, Node merged) {
    boolean declaredChanged =
        writePropertyChanges(
            sql, stored.storedId(), false, stored.properties(), merged.properties());
    boolean customChanged =
        writePropertyChanges(
            sql, stored.storedId(), true, stored.customProperties(), merged.customProperties());
    return declaredChanged || customChanged;
  }

  private boolean writePropertyChanges(
      DSLContext sql,
      long id,
      boolean custom,
      Map<String, Value> before,
      Map<String, Value> after) {
    boolean changed = false;
    for (String name : before.keySet()) {
      if (!after.containsKey(name)) {
        nodes.deleteProperty(sql, id, name, custom);
        changed = true;
      }
    }
    List<PropertyRow> written = new ArrayList<>();
    for (Map.Entry<String, Value> property : after.entrySet()) {
      Value old = before.get(property.getKey());
      if (!property.getValue().equals(old)) {
        if (old != null) {
          nodes.deleteProperty(sql, id, property.getKey(), custom);
        }
        written.add(PropertyCodec.encode(property.getKey(), custom, property.getValue()));
      }
    }
    nodes.insertProperties(sql, id, written);
    return changed || !written.isEmpty();
  }

  private static void validateProperties(NodeType type, Node node) {
    node.properties()
        .forEach(
            (name, value) -> {
              PropertyType declared = type.properties().get(name);
              if (declared == null) {
                throw StoreException.invalidArgument(
                    "Found unknown property: "
                        + name
                        + " (type "
                        + type.name()
                        + " has no such property)");
              }
              if (!PropertyCodec.matches(declared, value)) {
                throw StoreException.invalidArgument("Found unmatched property type: " + name);
              }
            });
    node.customProperties()
        .forEach(
            (name, value) -> {
              if (value.getValueCase() == Value.ValueCase.VALUE_NOT_SET) {
                throw StoreException.invalidArgument("Found unmatched property type: " + name);
              }
            });
  }
}
