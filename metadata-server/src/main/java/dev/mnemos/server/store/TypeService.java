package dev.mnemos.server.store;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.migrations.SimpleType;
import dev.mnemos.proto.mlmd.PropertyType;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.NodeType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * MLMD's type rules: upsert by (kind, name, version) with the can_add_fields / can_omit_fields
 * compatibility check, base types as links to `mlmd.*` simple types, lookups that hide the simple
 * types. Works inside a transaction the caller opened.
 */
final class TypeService {

  /** How a put may change a stored type of the same name and version. */
  record Evolution(boolean canAddFields, boolean canOmitFields) {}

  private final TypeRepository types = new TypeRepository();
  private final Map<Long, NodeType> nodeTypes = new ConcurrentHashMap<>();

  /** Inserts {@code type} or checks it against the stored one; returns the type id. */
  long upsert(DSLContext sql, NodeType type, Evolution evolution, boolean baseTypeUnsetGiven) {
    validate(type);
    types.lockNameAndVersion(sql, type.kind(), type.name(), type.version());
    Optional<NodeType> stored =
        types.byNameAndVersion(sql, type.kind(), type.name(), type.version());
    if (stored.isEmpty()) {
      requireNoBaseTypeDeletion(baseTypeUnsetGiven);
      long id = types.insert(sql, type);
      if (type.baseTypeName() != null) {
        types.insertParent(sql, id, simpleTypeId(sql, type));
      }
      return id;
    }
    NodeType existing = stored.get();
    for (Map.Entry<String, PropertyType> property : existing.properties().entrySet()) {
      PropertyType requested = type.properties().get(property.getKey());
      if (requested == null && !evolution.canOmitFields()) {
        throw StoreException.alreadyExists(
            "Type already exists with different properties: stored type has property `"
                + property.getKey()
                + "` that the request omits; set can_omit_fields to keep it");
      }
      if (requested != null && requested != property.getValue()) {
        throw StoreException.alreadyExists(
            "Type already exists with different properties: property `"
                + property.getKey()
                + "` is stored as "
                + property.getValue()
                + ", not "
                + requested);
      }
    }
    for (Map.Entry<String, PropertyType> property : type.properties().entrySet()) {
      if (!existing.properties().containsKey(property.getKey())) {
        if (!evolution.canAddFields()) {
          throw StoreException.alreadyExists(
              "Type already exists with different properties: property `"
                  + property.getKey()
                  + "` is new; set can_add_fields to add it");
        }
        types.insertProperty(sql, existing.storedId(), property.getKey(), property.getValue());
      }
    }
    // Like MLMD: property compatibility is checked before the base type.
    requireNoBaseTypeDeletion(baseTypeUnsetGiven);
    if (type.baseTypeName() != null && !type.baseTypeName().equals(existing.baseTypeName())) {
      if (existing.baseTypeName() != null) {
        throw StoreException.unimplemented("base_type update is not supported yet");
      }
      types.insertParent(sql, existing.storedId(), simpleTypeId(sql, type));
    }
    if (type.externalId() != null && !type.externalId().equals(existing.externalId())) {
      types.updateExternalId(sql, existing.storedId(), type.externalId());
    }
    return existing.storedId();
  }

  /** NOT_FOUND when absent, as MLMD answers Get*Type. */
  NodeType get(DSLContext sql, NodeKind kind, String name, @Nullable String version) {
    @Nullable String normalizedVersion = version == null || version.isEmpty() ? null : version;
    return types
        .byNameAndVersion(sql, kind, name, normalizedVersion)
        .orElseThrow(
            () ->
                StoreException.notFound(
                    "No type found for query, name: `"
                        + name
                        + "`, version: `"
                        + (normalizedVersion == null ? "nullopt" : normalizedVersion)
                        + "`"));
  }

  Optional<NodeType> find(DSLContext sql, NodeKind kind, String name, @Nullable String version) {
    @Nullable String normalizedVersion = version == null || version.isEmpty() ? null : version;
    return types.byNameAndVersion(sql, kind, name, normalizedVersion);
  }

  /**
   * The type a node of {@code kind} names, to check a node that sets {@code propertyNames}. Every
   * node write asks this, so types are kept in memory: MLMD never deletes a type and only ever adds
   * declared properties, so a kept copy is right unless it misses a property added since (by this
   * process or another replica) — a copy lacking one of {@code propertyNames} is read again. Node
   * writes never create types in the same transaction, so every type read here is committed.
   */
  Optional<NodeType> forNode(DSLContext sql, NodeKind kind, long id, Set<String> propertyNames) {
    NodeType kept = nodeTypes.get(id);
    if (kept != null
        && kept.kind() == kind
        && kept.properties().keySet().containsAll(propertyNames)) {
      return Optional.of(kept);
    }
    Optional<NodeType> stored = types.byId(sql, kind, id);
    stored.ifPresent(type -> nodeTypes.put(id, type));
    return stored;
  }

  List<NodeType> byIds(DSLContext sql, NodeKind kind, List<Long> ids) {
    return hideSimpleTypes(types.byIds(sql, kind, ids));
  }

  /** Every type of a kind, the `mlmd.*` simple types included. */
  List<NodeType> allWithSimpleTypes(DSLContext sql, NodeKind kind) {
    return types.all(sql, kind);
  }

  List<NodeType> all(DSLContext sql, NodeKind kind) {
    return hideSimpleTypes(types.all(sql, kind));
  }

  /** NOT_FOUND when none match; INVALID_ARGUMENT for an empty external id. */
  List<NodeType> byExternalIds(DSLContext sql, NodeKind kind, List<String> externalIds) {
    requireNonEmptyExternalIds(externalIds);
    List<NodeType> found = types.byExternalIds(sql, kind, externalIds);
    if (found.isEmpty()) {
      throw StoreException.notFound("No types found for external_ids " + externalIds);
    }
    return found;
  }

  private static void requireNoBaseTypeDeletion(boolean baseTypeUnsetGiven) {
    if (baseTypeUnsetGiven) {
      throw StoreException.unimplemented("base_type deletion is not supported yet");
    }
  }

  static void requireNonEmptyExternalIds(List<String> externalIds) {
    for (String externalId : externalIds) {
      if (externalId.isEmpty()) {
        throw StoreException.invalidArgument("external_id cannot be an empty string");
      }
    }
  }

  private long simpleTypeId(DSLContext sql, NodeType type) {
    return types
        .simpleTypeId(sql, type.kind(), Objects.requireNonNull(type.baseTypeName()))
        .orElseThrow(
            () ->
                StoreException.invalidArgument(
                    "unknown base type " + type.baseTypeName() + " for type " + type.name()));
  }

  private static void validate(NodeType type) {
    if (type.name().isEmpty()) {
      throw StoreException.invalidArgument("No type name is specified.");
    }
    type.properties()
        .forEach(
            (name, dataType) -> {
              if (dataType == PropertyType.UNKNOWN) {
                throw StoreException.invalidArgument(
                    "Property " + name + " of type " + type.name() + " has type UNKNOWN");
              }
            });
  }

  private static List<NodeType> hideSimpleTypes(List<NodeType> found) {
    return found.stream()
        .filter(
            type -> type.kind() == NodeKind.CONTEXT || !SimpleType.isSimpleTypeName(type.name()))
        .toList();
  }
}
