package dev.mnemos.server.grpc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * Finds a string field whose bytes are not UTF-8. MLMD's messages are proto2, whose strings may
 * carry any bytes, and the MLMD library stores them as they are; Java decodes them with U+FFFD for
 * every bad sequence, so storing them would change the data without a word. They are refused
 * instead. The parsed message keeps the bytes as received, so they are read back from its
 * serialized form.
 */
final class Utf8Fields {

  private Utf8Fields() {}

  /** The dotted path of the first string field in {@code message} that is not UTF-8, or null. */
  static @Nullable String firstInvalid(Message message) {
    try {
      return walk(message.toByteString().newCodedInput(), message.getDescriptorForType(), "");
    } catch (IOException e) {
      // Bytes protobuf has just written itself.
      throw new UncheckedIOException(e);
    }
  }

  private static @Nullable String walk(CodedInputStream in, Descriptor type, String path)
      throws IOException {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      FieldDescriptor field = type.findFieldByNumber(WireFormat.getTagFieldNumber(tag));
      if (field == null
          || WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED
          || (field.getType() != FieldDescriptor.Type.STRING
              && field.getType() != FieldDescriptor.Type.MESSAGE)) {
        in.skipField(tag);
        continue;
      }
      String name = path.isEmpty() ? field.getName() : path + "." + field.getName();
      if (field.getType() == FieldDescriptor.Type.STRING) {
        if (!in.readBytes().isValidUtf8()) {
          return name;
        }
        continue;
      }
      int limit = in.pushLimit(in.readRawVarint32());
      String found = walk(in, field.getMessageType(), name);
      if (found != null) {
        return found;
      }
      in.popLimit(limit);
    }
    return null;
  }
}
