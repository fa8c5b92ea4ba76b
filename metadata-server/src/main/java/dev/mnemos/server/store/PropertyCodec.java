package dev.mnemos.server.store;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import dev.mnemos.proto.mlmd.PropertyType;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import java.util.Base64;

/** Converts property values to and from MLMD's column encoding, so MLMD reads what we write. */
final class PropertyCodec {

  static final String STRUCT_PREFIX = "mlmd-struct::";

  private PropertyCodec() {}

  static PropertyRow encode(String name, boolean custom, Value value) {
    return switch (value.getValueCase()) {
      case INT_VALUE -> new PropertyRow(name, custom, value.getIntValue(), null, null, null, null);
      case DOUBLE_VALUE ->
          new PropertyRow(name, custom, null, value.getDoubleValue(), null, null, null);
      case STRING_VALUE ->
          new PropertyRow(name, custom, null, null, value.getStringValue(), null, null);
      case STRUCT_VALUE ->
          new PropertyRow(
              name,
              custom,
              null,
              null,
              STRUCT_PREFIX
                  + Base64.getEncoder().encodeToString(value.getStructValue().toByteArray()),
              null,
              null);
      case PROTO_VALUE ->
          new PropertyRow(
              name,
              custom,
              null,
              null,
              null,
              Base64.getEncoder().encodeToString(value.getProtoValue().toByteArray()),
              null);
      case BOOL_VALUE ->
          new PropertyRow(name, custom, null, null, null, null, value.getBoolValue());
      case VALUE_NOT_SET ->
          throw StoreException.invalidArgument("Found unmatched property type: " + name);
    };
  }

  /** Reads the first set column in MLMD's order: int, double, string, proto, bool. */
  static Value decode(PropertyRow row) {
    Value.Builder value = Value.newBuilder();
    if (row.intValue() != null) {
      return value.setIntValue(row.intValue()).build();
    }
    if (row.doubleValue() != null) {
      return value.setDoubleValue(row.doubleValue()).build();
    }
    if (row.stringValue() != null) {
      String text = row.stringValue();
      if (text.startsWith(STRUCT_PREFIX)) {
        return value
            .setStructValue(parseStruct(row.name(), text.substring(STRUCT_PREFIX.length())))
            .build();
      }
      return value.setStringValue(text).build();
    }
    if (row.protoValue() != null) {
      return value.setProtoValue(parseAny(row.name(), row.protoValue())).build();
    }
    if (row.boolValue() != null) {
      return value.setBoolValue(row.boolValue()).build();
    }
    throw new StoreException(
        ErrorCode.INTERNAL,
        "Attempt to populate property with null value in every known *_value column: "
            + row.name());
  }

  /** Whether {@code value} may be stored under a declared property of type {@code type}. */
  static boolean matches(PropertyType type, Value value) {
    return switch (value.getValueCase()) {
      case INT_VALUE -> type == PropertyType.INT;
      case DOUBLE_VALUE -> type == PropertyType.DOUBLE;
      case STRING_VALUE -> type == PropertyType.STRING;
      case STRUCT_VALUE -> type == PropertyType.STRUCT;
      case PROTO_VALUE -> type == PropertyType.PROTO;
      case BOOL_VALUE -> type == PropertyType.BOOLEAN;
      case VALUE_NOT_SET -> false;
    };
  }

  private static Struct parseStruct(String property, String base64) {
    try {
      return Struct.parseFrom(Base64.getDecoder().decode(base64));
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      throw new StoreException(ErrorCode.INTERNAL, "cannot decode struct property " + property, e);
    }
  }

  private static Any parseAny(String property, String base64) {
    try {
      Any any = Any.parseFrom(Base64.getDecoder().decode(base64.strip()));
      if (any.getTypeUrl().isEmpty()) {
        throw new StoreException(
            ErrorCode.INTERNAL, "proto property " + property + " has no type_url");
      }
      return any;
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      throw new StoreException(ErrorCode.INTERNAL, "cannot decode proto property " + property, e);
    }
  }
}
