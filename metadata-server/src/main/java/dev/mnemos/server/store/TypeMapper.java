package dev.mnemos.server.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ProtocolMessageEnum;
import com.google.protobuf.util.JsonFormat;
import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.ArtifactStructType;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.ExecutionType;
import dev.mnemos.proto.mlmd.MetadataStoreProto;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.NodeType;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Converts between the three proto type messages and {@link NodeType}. */
final class TypeMapper {

  private TypeMapper() {}

  static NodeType fromProto(ArtifactType type) {
    return new NodeType(
        type.hasId() ? type.getId() : null,
        NodeKind.ARTIFACT,
        type.getName(),
        emptyToNull(type.getVersion()),
        type.hasDescription() ? type.getDescription() : null,
        type.hasExternalId() ? type.getExternalId() : null,
        Map.copyOf(type.getPropertiesMap()),
        baseTypeName(type.hasBaseType(), type.getBaseType()),
        null,
        null);
  }

  static NodeType fromProto(ExecutionType type) {
    return new NodeType(
        type.hasId() ? type.getId() : null,
        NodeKind.EXECUTION,
        type.getName(),
        emptyToNull(type.getVersion()),
        type.hasDescription() ? type.getDescription() : null,
        type.hasExternalId() ? type.getExternalId() : null,
        Map.copyOf(type.getPropertiesMap()),
        baseTypeName(type.hasBaseType(), type.getBaseType()),
        type.hasInputType() ? toJson(type.getInputType()) : null,
        type.hasOutputType() ? toJson(type.getOutputType()) : null);
  }

  static NodeType fromProto(ContextType type) {
    return new NodeType(
        type.hasId() ? type.getId() : null,
        NodeKind.CONTEXT,
        type.getName(),
        emptyToNull(type.getVersion()),
        type.hasDescription() ? type.getDescription() : null,
        type.hasExternalId() ? type.getExternalId() : null,
        Map.copyOf(type.getPropertiesMap()),
        null,
        null,
        null);
  }

  static ArtifactType toArtifactType(NodeType type) {
    ArtifactType.Builder proto =
        ArtifactType.newBuilder().setId(type.storedId()).setName(type.name());
    if (type.version() != null) {
      proto.setVersion(type.version());
    }
    if (type.description() != null) {
      proto.setDescription(type.description());
    }
    if (type.externalId() != null) {
      proto.setExternalId(type.externalId());
    }
    proto.putAllProperties(type.properties());
    for (ArtifactType.SystemDefinedBaseType base : ArtifactType.SystemDefinedBaseType.values()) {
      if (type.baseTypeName() != null && simpleTypeName(base).equals(type.baseTypeName())) {
        proto.setBaseType(base);
      }
    }
    return proto.build();
  }

  static ExecutionType toExecutionType(NodeType type) {
    ExecutionType.Builder proto =
        ExecutionType.newBuilder().setId(type.storedId()).setName(type.name());
    if (type.version() != null) {
      proto.setVersion(type.version());
    }
    if (type.description() != null) {
      proto.setDescription(type.description());
    }
    if (type.externalId() != null) {
      proto.setExternalId(type.externalId());
    }
    proto.putAllProperties(type.properties());
    if (type.inputTypeJson() != null) {
      proto.setInputType(fromJson(type.inputTypeJson()));
    }
    if (type.outputTypeJson() != null) {
      proto.setOutputType(fromJson(type.outputTypeJson()));
    }
    for (ExecutionType.SystemDefinedBaseType base : ExecutionType.SystemDefinedBaseType.values()) {
      if (type.baseTypeName() != null && simpleTypeName(base).equals(type.baseTypeName())) {
        proto.setBaseType(base);
      }
    }
    return proto.build();
  }

  static ContextType toContextType(NodeType type) {
    ContextType.Builder proto =
        ContextType.newBuilder().setId(type.storedId()).setName(type.name());
    if (type.version() != null) {
      proto.setVersion(type.version());
    }
    if (type.description() != null) {
      proto.setDescription(type.description());
    }
    if (type.externalId() != null) {
      proto.setExternalId(type.externalId());
    }
    proto.putAllProperties(type.properties());
    return proto.build();
  }

  /** The `mlmd.*` name a base-type enum value stands for ("unset_..." for UNSET). */
  static String simpleTypeName(ProtocolMessageEnum baseType) {
    return baseType
        .getValueDescriptor()
        .getOptions()
        .getExtension(MetadataStoreProto.systemTypeExtension)
        .getTypeName();
  }

  /** Whether a request names UNSET as base type explicitly, which asks for a deletion. */
  static boolean unsetBaseTypeGiven(boolean hasBaseType, ProtocolMessageEnum baseType) {
    return hasBaseType && baseType.getNumber() == 0;
  }

  private static @Nullable String baseTypeName(boolean hasBaseType, ProtocolMessageEnum baseType) {
    return hasBaseType && baseType.getNumber() != 0 ? simpleTypeName(baseType) : null;
  }

  private static @Nullable String emptyToNull(@Nullable String text) {
    return text == null || text.isEmpty() ? null : text;
  }

  private static String toJson(ArtifactStructType structType) {
    try {
      return JsonFormat.printer().omittingInsignificantWhitespace().print(structType);
    } catch (InvalidProtocolBufferException e) {
      throw StoreException.invalidArgument("cannot encode artifact struct type: " + e.getMessage());
    }
  }

  private static ArtifactStructType fromJson(String json) {
    ArtifactStructType.Builder builder = ArtifactStructType.newBuilder();
    try {
      JsonFormat.parser().ignoringUnknownFields().merge(json, builder);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException(ErrorCode.INTERNAL, "cannot decode stored artifact struct type", e);
    }
    return builder.build();
  }
}
