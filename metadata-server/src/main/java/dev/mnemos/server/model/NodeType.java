package dev.mnemos.server.model;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.PropertyType;
import java.util.Map;

/**
 * The type of artifacts, executions or contexts: a row of MLMD's `Type` table with its declared
 * properties and base type (the name of a simple type such as {@code mlmd.Dataset}), independent of
 * which of the three proto type messages it came from. Null stands for an unset field.
 */
public record NodeType(
    Long id,
    NodeKind kind,
    String name,
    String version,
    String description,
    String externalId,
    Map<String, PropertyType> properties,
    String baseTypeName,
    String inputTypeJson,
    String outputTypeJson) {}
