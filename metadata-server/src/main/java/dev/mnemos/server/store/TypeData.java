package dev.mnemos.server.store;

import dev.mnemos.migrations.TypeKind;
import dev.mnemos.proto.mlmd.PropertyType;
import java.util.Map;

/**
 * A row of MLMD's `Type` table with its declared properties and base type, independent of which of
 * the three proto type messages it came from. Null stands for an unset field.
 */
record TypeData(
    Long id,
    TypeKind kind,
    String name,
    String version,
    String description,
    String externalId,
    Map<String, PropertyType> properties,
    String baseTypeName,
    String inputTypeJson,
    String outputTypeJson) {}
