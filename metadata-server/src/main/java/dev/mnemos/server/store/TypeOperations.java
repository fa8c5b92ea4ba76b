package dev.mnemos.server.store;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.ExecutionType;
import dev.mnemos.proto.mlmd.GetArtifactTypeRequest;
import dev.mnemos.proto.mlmd.GetArtifactTypeResponse;
import dev.mnemos.proto.mlmd.GetArtifactTypesByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetArtifactTypesByExternalIdsResponse;
import dev.mnemos.proto.mlmd.GetArtifactTypesByIDRequest;
import dev.mnemos.proto.mlmd.GetArtifactTypesByIDResponse;
import dev.mnemos.proto.mlmd.GetArtifactTypesRequest;
import dev.mnemos.proto.mlmd.GetArtifactTypesResponse;
import dev.mnemos.proto.mlmd.GetContextTypeRequest;
import dev.mnemos.proto.mlmd.GetContextTypeResponse;
import dev.mnemos.proto.mlmd.GetContextTypesByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetContextTypesByExternalIdsResponse;
import dev.mnemos.proto.mlmd.GetContextTypesByIDRequest;
import dev.mnemos.proto.mlmd.GetContextTypesByIDResponse;
import dev.mnemos.proto.mlmd.GetContextTypesRequest;
import dev.mnemos.proto.mlmd.GetContextTypesResponse;
import dev.mnemos.proto.mlmd.GetExecutionTypeRequest;
import dev.mnemos.proto.mlmd.GetExecutionTypeResponse;
import dev.mnemos.proto.mlmd.GetExecutionTypesByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetExecutionTypesByExternalIdsResponse;
import dev.mnemos.proto.mlmd.GetExecutionTypesByIDRequest;
import dev.mnemos.proto.mlmd.GetExecutionTypesByIDResponse;
import dev.mnemos.proto.mlmd.GetExecutionTypesRequest;
import dev.mnemos.proto.mlmd.GetExecutionTypesResponse;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutArtifactTypeResponse;
import dev.mnemos.proto.mlmd.PutContextTypeRequest;
import dev.mnemos.proto.mlmd.PutContextTypeResponse;
import dev.mnemos.proto.mlmd.PutExecutionTypeRequest;
import dev.mnemos.proto.mlmd.PutExecutionTypeResponse;
import dev.mnemos.proto.mlmd.PutTypesRequest;
import dev.mnemos.proto.mlmd.PutTypesResponse;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.NodeType;
import dev.mnemos.server.store.TypeService.Evolution;
import java.util.List;
import org.jooq.DSLContext;

/**
 * The type operations of the MLMD contract. Each method is one transaction and answers what MLMD
 * answers: puts upsert by (name, version) and return the id, or ALREADY_EXISTS when the stored type
 * is incompatible; Get*Type is NOT_FOUND when absent; by-id lookups skip unknown ids; listings hide
 * the `mlmd.*` simple types.
 */
public final class TypeOperations {

  private final Database db;
  private final TypeService types = new TypeService();

  TypeOperations(Database db) {
    this.db = db;
  }

  TypeService service() {
    return types;
  }

  public PutArtifactTypeResponse putArtifactType(PutArtifactTypeRequest request) {
    ArtifactType type = request.getArtifactType();
    long id =
        put(
            request.getAllFieldsMatch(),
            TypeMapper.fromProto(type),
            new Evolution(request.getCanAddFields(), request.getCanOmitFields()),
            TypeMapper.unsetBaseTypeGiven(type.hasBaseType(), type.getBaseType()));
    return PutArtifactTypeResponse.newBuilder().setTypeId(id).build();
  }

  public PutExecutionTypeResponse putExecutionType(PutExecutionTypeRequest request) {
    ExecutionType type = request.getExecutionType();
    long id =
        put(
            request.getAllFieldsMatch(),
            TypeMapper.fromProto(type),
            new Evolution(request.getCanAddFields(), request.getCanOmitFields()),
            TypeMapper.unsetBaseTypeGiven(type.hasBaseType(), type.getBaseType()));
    return PutExecutionTypeResponse.newBuilder().setTypeId(id).build();
  }

  public PutContextTypeResponse putContextType(PutContextTypeRequest request) {
    ContextType type = request.getContextType();
    long id =
        put(
            request.getAllFieldsMatch(),
            TypeMapper.fromProto(type),
            new Evolution(request.getCanAddFields(), request.getCanOmitFields()),
            TypeMapper.unsetBaseTypeGiven(type.hasBaseType(), type.getBaseType()));
    return PutContextTypeResponse.newBuilder().setTypeId(id).build();
  }

  /** One type upsert in its own transaction. */
  private long put(
      boolean allFieldsMatch, NodeType type, Evolution evolution, boolean deletesBaseType) {
    requireAllFieldsMatch(allFieldsMatch);
    return db.write(tx -> types.upsert(tx.sql(), type, evolution, deletesBaseType));
  }

  /** All types of the request in one transaction; ids are aligned with the request lists. */
  public PutTypesResponse putTypes(PutTypesRequest request) {
    requireAllFieldsMatch(request.getAllFieldsMatch());
    Evolution evolution = new Evolution(request.getCanAddFields(), request.getCanOmitFields());
    return db.write(
        tx -> {
          DSLContext sql = tx.sql();
          PutTypesResponse.Builder response = PutTypesResponse.newBuilder();
          for (ArtifactType type : request.getArtifactTypesList()) {
            response.addArtifactTypeIds(
                types.upsert(
                    sql,
                    TypeMapper.fromProto(type),
                    evolution,
                    TypeMapper.unsetBaseTypeGiven(type.hasBaseType(), type.getBaseType())));
          }
          for (ExecutionType type : request.getExecutionTypesList()) {
            response.addExecutionTypeIds(
                types.upsert(
                    sql,
                    TypeMapper.fromProto(type),
                    evolution,
                    TypeMapper.unsetBaseTypeGiven(type.hasBaseType(), type.getBaseType())));
          }
          for (ContextType type : request.getContextTypesList()) {
            response.addContextTypeIds(
                types.upsert(
                    sql,
                    TypeMapper.fromProto(type),
                    evolution,
                    TypeMapper.unsetBaseTypeGiven(type.hasBaseType(), type.getBaseType())));
          }
          return response.build();
        });
  }

  public GetArtifactTypeResponse getArtifactType(GetArtifactTypeRequest request) {
    NodeType type =
        db.read(
            sql ->
                types.get(sql, NodeKind.ARTIFACT, request.getTypeName(), request.getTypeVersion()));
    return GetArtifactTypeResponse.newBuilder()
        .setArtifactType(TypeMapper.toArtifactType(type))
        .build();
  }

  public GetExecutionTypeResponse getExecutionType(GetExecutionTypeRequest request) {
    NodeType type =
        db.read(
            sql ->
                types.get(
                    sql, NodeKind.EXECUTION, request.getTypeName(), request.getTypeVersion()));
    return GetExecutionTypeResponse.newBuilder()
        .setExecutionType(TypeMapper.toExecutionType(type))
        .build();
  }

  public GetContextTypeResponse getContextType(GetContextTypeRequest request) {
    NodeType type =
        db.read(
            sql ->
                types.get(sql, NodeKind.CONTEXT, request.getTypeName(), request.getTypeVersion()));
    return GetContextTypeResponse.newBuilder()
        .setContextType(TypeMapper.toContextType(type))
        .build();
  }

  /**
   * Like the MLMD library, the listings of all types leave out {@code external_id}; every other
   * type read includes it.
   */
  public GetArtifactTypesResponse getArtifactTypes(GetArtifactTypesRequest request) {
    List<NodeType> found = db.read(sql -> types.all(sql, NodeKind.ARTIFACT));
    return GetArtifactTypesResponse.newBuilder()
        .addAllArtifactTypes(
            found.stream()
                .map(TypeMapper::toArtifactType)
                .map(type -> type.toBuilder().clearExternalId().build())
                .toList())
        .build();
  }

  public GetExecutionTypesResponse getExecutionTypes(GetExecutionTypesRequest request) {
    List<NodeType> found = db.read(sql -> types.all(sql, NodeKind.EXECUTION));
    return GetExecutionTypesResponse.newBuilder()
        .addAllExecutionTypes(
            found.stream()
                .map(TypeMapper::toExecutionType)
                .map(type -> type.toBuilder().clearExternalId().build())
                .toList())
        .build();
  }

  public GetContextTypesResponse getContextTypes(GetContextTypesRequest request) {
    List<NodeType> found = db.read(sql -> types.all(sql, NodeKind.CONTEXT));
    return GetContextTypesResponse.newBuilder()
        .addAllContextTypes(
            found.stream()
                .map(TypeMapper::toContextType)
                .map(type -> type.toBuilder().clearExternalId().build())
                .toList())
        .build();
  }

  public GetArtifactTypesByIDResponse getArtifactTypesById(GetArtifactTypesByIDRequest request) {
    List<NodeType> found =
        db.read(sql -> types.byIds(sql, NodeKind.ARTIFACT, request.getTypeIdsList()));
    return GetArtifactTypesByIDResponse.newBuilder()
        .addAllArtifactTypes(found.stream().map(TypeMapper::toArtifactType).toList())
        .build();
  }

  public GetExecutionTypesByIDResponse getExecutionTypesById(GetExecutionTypesByIDRequest request) {
    List<NodeType> found =
        db.read(sql -> types.byIds(sql, NodeKind.EXECUTION, request.getTypeIdsList()));
    return GetExecutionTypesByIDResponse.newBuilder()
        .addAllExecutionTypes(found.stream().map(TypeMapper::toExecutionType).toList())
        .build();
  }

  public GetContextTypesByIDResponse getContextTypesById(GetContextTypesByIDRequest request) {
    List<NodeType> found =
        db.read(sql -> types.byIds(sql, NodeKind.CONTEXT, request.getTypeIdsList()));
    return GetContextTypesByIDResponse.newBuilder()
        .addAllContextTypes(found.stream().map(TypeMapper::toContextType).toList())
        .build();
  }

  public GetArtifactTypesByExternalIdsResponse getArtifactTypesByExternalIds(
      GetArtifactTypesByExternalIdsRequest request) {
    List<NodeType> found =
        db.read(sql -> types.byExternalIds(sql, NodeKind.ARTIFACT, request.getExternalIdsList()));
    return GetArtifactTypesByExternalIdsResponse.newBuilder()
        .addAllArtifactTypes(found.stream().map(TypeMapper::toArtifactType).toList())
        .build();
  }

  public GetExecutionTypesByExternalIdsResponse getExecutionTypesByExternalIds(
      GetExecutionTypesByExternalIdsRequest request) {
    List<NodeType> found =
        db.read(sql -> types.byExternalIds(sql, NodeKind.EXECUTION, request.getExternalIdsList()));
    return GetExecutionTypesByExternalIdsResponse.newBuilder()
        .addAllExecutionTypes(found.stream().map(TypeMapper::toExecutionType).toList())
        .build();
  }

  public GetContextTypesByExternalIdsResponse getContextTypesByExternalIds(
      GetContextTypesByExternalIdsRequest request) {
    List<NodeType> found =
        db.read(sql -> types.byExternalIds(sql, NodeKind.CONTEXT, request.getExternalIdsList()));
    return GetContextTypesByExternalIdsResponse.newBuilder()
        .addAllContextTypes(found.stream().map(TypeMapper::toContextType).toList())
        .build();
  }

  /** `all_fields_match` is deprecated upstream; false was never implemented there either. */
  private static void requireAllFieldsMatch(boolean allFieldsMatch) {
    if (!allFieldsMatch) {
      throw StoreException.unimplemented("Must match all fields.");
    }
  }
}
