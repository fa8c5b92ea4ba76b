package dev.mnemos.query.graphql;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Protobuf JSON values as the plain Java maps, lists and scalars the JSON scalar serialises. */
final class JsonValues {

  private JsonValues() {}

  static Map<String, Object> of(Struct struct) {
    Map<String, Object> map = new LinkedHashMap<>();
    struct.getFieldsMap().forEach((name, value) -> map.put(name, of(value)));
    return map;
  }

  static @Nullable Object of(Value value) {
    return switch (value.getKindCase()) {
      case NUMBER_VALUE -> value.getNumberValue();
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> value.getBoolValue();
      case STRUCT_VALUE -> of(value.getStructValue());
      case LIST_VALUE -> {
        List<Object> list = new ArrayList<>();
        value.getListValue().getValuesList().forEach(item -> list.add(of(item)));
        yield list;
      }
      default -> null;
    };
  }
}
