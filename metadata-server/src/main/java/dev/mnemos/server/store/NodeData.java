package dev.mnemos.server.store;

import dev.mnemos.proto.mlmd.Value;
import java.util.Map;

/**
 * An artifact, execution or context as stored: the node row, its type's name and its property rows.
 * {@code uri} is used by artifacts only; {@code state} holds an artifact's state or an execution's
 * last known state. Null stands for an unset field.
 */
record NodeData(
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
    Map<String, Value> customProperties) {}
