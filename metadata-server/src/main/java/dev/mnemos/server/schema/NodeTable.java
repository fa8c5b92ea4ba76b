package dev.mnemos.server.schema;

import static dev.mnemos.migrations.jooq.Tables.ARTIFACT;
import static dev.mnemos.migrations.jooq.Tables.ARTIFACTPROPERTY;
import static dev.mnemos.migrations.jooq.Tables.CONTEXT;
import static dev.mnemos.migrations.jooq.Tables.CONTEXTPROPERTY;
import static dev.mnemos.migrations.jooq.Tables.EXECUTION;
import static dev.mnemos.migrations.jooq.Tables.EXECUTIONPROPERTY;

import dev.mnemos.migrations.NodeKind;
import org.jooq.Field;
import org.jooq.Table;
import org.jspecify.annotations.Nullable;

/**
 * Binds one node kind to its tables. Artifacts, executions and contexts share MLMD's layout (a node
 * table plus a property table of identical shape), so one repository serves all three through these
 * bindings. {@code uri} and {@code state} are null for kinds that lack the column.
 */
public record NodeTable(
    NodeKind kind,
    Table<?> table,
    Field<Long> id,
    Field<Long> typeId,
    Field<String> name,
    Field<String> externalId,
    @Nullable Field<String> uri,
    @Nullable Field<Long> state,
    Field<Long> createTime,
    Field<Long> updateTime,
    Table<?> propertyTable,
    Field<Long> propertyOwner,
    Field<String> propertyName,
    Field<Boolean> propertyIsCustom,
    Field<Long> intValue,
    Field<Double> doubleValue,
    Field<String> stringValue,
    Field<String> protoValue,
    Field<Boolean> boolValue) {

  public static final NodeTable ARTIFACTS =
      new NodeTable(
          NodeKind.ARTIFACT,
          ARTIFACT,
          ARTIFACT.ID,
          ARTIFACT.TYPE_ID,
          ARTIFACT.NAME,
          ARTIFACT.EXTERNAL_ID,
          ARTIFACT.URI,
          ARTIFACT.STATE,
          ARTIFACT.CREATE_TIME_SINCE_EPOCH,
          ARTIFACT.LAST_UPDATE_TIME_SINCE_EPOCH,
          ARTIFACTPROPERTY,
          ARTIFACTPROPERTY.ARTIFACT_ID,
          ARTIFACTPROPERTY.NAME,
          ARTIFACTPROPERTY.IS_CUSTOM_PROPERTY,
          ARTIFACTPROPERTY.INT_VALUE,
          ARTIFACTPROPERTY.DOUBLE_VALUE,
          ARTIFACTPROPERTY.STRING_VALUE,
          ARTIFACTPROPERTY.PROTO_VALUE,
          ARTIFACTPROPERTY.BOOL_VALUE);

  public static final NodeTable EXECUTIONS =
      new NodeTable(
          NodeKind.EXECUTION,
          EXECUTION,
          EXECUTION.ID,
          EXECUTION.TYPE_ID,
          EXECUTION.NAME,
          EXECUTION.EXTERNAL_ID,
          null,
          EXECUTION.LAST_KNOWN_STATE,
          EXECUTION.CREATE_TIME_SINCE_EPOCH,
          EXECUTION.LAST_UPDATE_TIME_SINCE_EPOCH,
          EXECUTIONPROPERTY,
          EXECUTIONPROPERTY.EXECUTION_ID,
          EXECUTIONPROPERTY.NAME,
          EXECUTIONPROPERTY.IS_CUSTOM_PROPERTY,
          EXECUTIONPROPERTY.INT_VALUE,
          EXECUTIONPROPERTY.DOUBLE_VALUE,
          EXECUTIONPROPERTY.STRING_VALUE,
          EXECUTIONPROPERTY.PROTO_VALUE,
          EXECUTIONPROPERTY.BOOL_VALUE);

  public static final NodeTable CONTEXTS =
      new NodeTable(
          NodeKind.CONTEXT,
          CONTEXT,
          CONTEXT.ID,
          CONTEXT.TYPE_ID,
          CONTEXT.NAME,
          CONTEXT.EXTERNAL_ID,
          null,
          null,
          CONTEXT.CREATE_TIME_SINCE_EPOCH,
          CONTEXT.LAST_UPDATE_TIME_SINCE_EPOCH,
          CONTEXTPROPERTY,
          CONTEXTPROPERTY.CONTEXT_ID,
          CONTEXTPROPERTY.NAME,
          CONTEXTPROPERTY.IS_CUSTOM_PROPERTY,
          CONTEXTPROPERTY.INT_VALUE,
          CONTEXTPROPERTY.DOUBLE_VALUE,
          CONTEXTPROPERTY.STRING_VALUE,
          CONTEXTPROPERTY.PROTO_VALUE,
          CONTEXTPROPERTY.BOOL_VALUE);

  public static NodeTable of(NodeKind kind) {
    return switch (kind) {
      case ARTIFACT -> ARTIFACTS;
      case EXECUTION -> EXECUTIONS;
      case CONTEXT -> CONTEXTS;
    };
  }

  /** The name MLMD uses for this kind in messages, e.g. "Artifact". */
  public String label() {
    return table.getName();
  }
}
