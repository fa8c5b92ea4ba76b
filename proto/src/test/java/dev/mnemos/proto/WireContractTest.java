package dev.mnemos.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.TextFormat;
import dev.mnemos.proto.mlmd.MetadataStoreProto;
import dev.mnemos.proto.mlmd.MetadataStoreServiceProto;
import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our .proto files must describe exactly the wire contract of the official `ml-metadata` 1.17.1
 * package: the same messages, fields (name, number, label, type, default, oneof, packing), enums
 * and RPCs. Only declaration order, comments and our Java options may differ. The official
 * descriptors were exported by clients/conformance/make_fixtures.py.
 */
class WireContractTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ml_metadata/proto/metadata_store.proto",
        "ml_metadata/proto/metadata_store_service.proto"
      })
  void ourDescriptorsMatchTheOfficialOnes(String fileName) throws Exception {
    FileDescriptorProto official = official(fileName);
    FileDescriptor ours =
        List.of(MetadataStoreProto.getDescriptor(), MetadataStoreServiceProto.getDescriptor())
            .stream()
            .filter(file -> file.getName().equals(fileName))
            .findFirst()
            .orElseThrow();

    // Parsed again without an extension registry, our custom options print as the official ones do.
    FileDescriptorProto oursAsWire = FileDescriptorProto.parseFrom(ours.toProto().toByteString());
    assertThat(TextFormat.printer().printToString(normalize(oursAsWire)))
        .isEqualTo(TextFormat.printer().printToString(normalize(official)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ml_metadata/proto/metadata_store_service.proto"})
  void theServiceHasAllFiftyTwoRpcs(String fileName) throws Exception {
    assertThat(official(fileName).getService(0).getMethodCount()).isEqualTo(52);
    assertThat(
            MetadataStoreServiceProto.getDescriptor()
                .findServiceByName("MetadataStoreService")
                .getMethods())
        .hasSize(52);
  }

  private static FileDescriptorProto official(String fileName) throws Exception {
    try (InputStream in =
        WireContractTest.class.getResourceAsStream("/mlmd-1.17.1-descriptors.binpb")) {
      return FileDescriptorSet.parseFrom(in).getFileList().stream()
          .filter(file -> file.getName().equals(fileName))
          .findFirst()
          .orElseThrow();
    }
  }

  private static FileDescriptorProto normalize(FileDescriptorProto file) {
    FileDescriptorProto.Builder builder =
        file.toBuilder().clearOptions().clearSourceCodeInfo().clearSyntax();
    List<DescriptorProto> messages =
        builder.getMessageTypeList().stream()
            .map(WireContractTest::normalize)
            .sorted(Comparator.comparing(DescriptorProto::getName))
            .toList();
    List<EnumDescriptorProto> enums =
        builder.getEnumTypeList().stream()
            .sorted(Comparator.comparing(EnumDescriptorProto::getName))
            .toList();
    List<ServiceDescriptorProto> services =
        builder.getServiceList().stream()
            .map(
                service ->
                    service.toBuilder()
                        .clearMethod()
                        .addAllMethod(
                            service.getMethodList().stream()
                                .sorted(Comparator.comparing(m -> m.getName()))
                                .toList())
                        .build())
            .toList();
    List<FieldDescriptorProto> extensions =
        builder.getExtensionList().stream().map(WireContractTest::normalize).toList();
    List<String> dependencies = builder.getDependencyList().stream().sorted().toList();
    return builder
        .clearMessageType()
        .addAllMessageType(messages)
        .clearEnumType()
        .addAllEnumType(enums)
        .clearService()
        .addAllService(services)
        .clearExtension()
        .addAllExtension(extensions)
        .clearDependency()
        .addAllDependency(dependencies)
        .build();
  }

  private static DescriptorProto normalize(DescriptorProto message) {
    return message.toBuilder()
        .clearField()
        .addAllField(
            message.getFieldList().stream()
                .map(WireContractTest::normalize)
                .sorted(Comparator.comparingInt(FieldDescriptorProto::getNumber))
                .toList())
        .clearNestedType()
        .addAllNestedType(
            message.getNestedTypeList().stream()
                .map(WireContractTest::normalize)
                .sorted(Comparator.comparing(DescriptorProto::getName))
                .toList())
        .clearEnumType()
        .addAllEnumType(
            message.getEnumTypeList().stream()
                .sorted(Comparator.comparing(EnumDescriptorProto::getName))
                .toList())
        .build();
  }

  private static FieldDescriptorProto normalize(FieldDescriptorProto field) {
    return field.toBuilder().clearJsonName().build();
  }
}
