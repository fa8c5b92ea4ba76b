package dev.mnemos.server.model;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Value;
import java.util.Map;

/**
 * An artifact, execution or context as stored: the node row, its type's name and its properties.
 * {@code uri} is an artifact's only; {@code state} is an artifact's state or an execution's last
 * known state, as MLMD's enum number. Null stands for an unset field (a node about to be inserted
 * has no id, create time or type name yet).
 */
public record Node(
    NodeKind kind,
    Long id,
    Long typeId,
    String typeName,
    String name,
    String externalId,
    String uri,
    Long state,
    Long createTime,
    Long updateTime,
    Map<String, Value> properties,
    Map<String, Value> customProperties) {

  /** The key of this stored node. */
  public NodeRef ref() {
    return new NodeRef(kind, id);
  }
}
