package dev.mnemos.server.model;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.PropertyType;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The type of artifacts, executions or contexts: a row of MLMD's `Type` table with its declared
 * properties and base type (the name of a simple type such as {@code mlmd.Dataset}), independent of
 * which of the three proto type messages it came from. Null stands for an unset field.
 */
public record NodeType(
    @Nullable Long id,
    NodeKind kind,
    String name,
    @Nullable String version,
    @Nullable String description,
    @Nullable String externalId,
    Map<String, PropertyType> properties,
    @Nullable String baseTypeName,
    @Nullable String inputTypeJson,
    @Nullable String outputTypeJson) {

  /** The id of a stored type (a type read from the store always has one). */
  public long storedId() {
    return Objects.requireNonNull(id, "a stored type has an id");
  }
}
