package dev.mnemos.server.model;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Value;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An artifact, execution or context as stored: the node row, its type's name and its properties.
 * {@code uri} is an artifact's only; {@code state} is an artifact's state or an execution's last
 * known state, as MLMD's enum number. Null stands for an unset field (a node about to be inserted
 * has no id, create time or type name yet).
 */
public record Node(
    NodeKind kind,
    @Nullable Long id,
    @Nullable Long typeId,
    @Nullable String typeName,
    @Nullable String name,
    @Nullable String externalId,
    @Nullable String uri,
    @Nullable Long state,
    @Nullable Long createTime,
    @Nullable Long updateTime,
    Map<String, Value> properties,
    Map<String, Value> customProperties) {

  /** The key of this stored node. */
  public NodeRef ref() {
    return new NodeRef(kind, storedId());
  }

  /** The id of a stored node (a node read from the store always has one). */
  public long storedId() {
    return Objects.requireNonNull(id, "a stored node has an id");
  }

  public long storedTypeId() {
    return Objects.requireNonNull(typeId, "a stored node has a type");
  }

  public long storedCreateTime() {
    return Objects.requireNonNull(createTime, "a stored node has a create time");
  }

  public long storedUpdateTime() {
    return Objects.requireNonNull(updateTime, "a stored node has an update time");
  }

  /** This node in {@code newState}, all else as it is (for an update). */
  public Node withState(@Nullable Long newState) {
    return new Node(
        kind,
        id,
        typeId,
        typeName,
        name,
        externalId,
        uri,
        newState,
        createTime,
        updateTime,
        properties,
        customProperties);
  }

  /** This node under another name. */
  public Node withName(@Nullable String newName) {
    return new Node(
        kind,
        id,
        typeId,
        typeName,
        newName,
        externalId,
        uri,
        state,
        createTime,
        updateTime,
        properties,
        customProperties);
  }

  /** This node with these properties and custom properties, all else as it is (for an update). */
  public Node withProperties(Map<String, Value> newProperties, Map<String, Value> newCustom) {
    return new Node(
        kind,
        id,
        typeId,
        typeName,
        name,
        externalId,
        uri,
        state,
        createTime,
        updateTime,
        newProperties,
        newCustom);
  }
}
