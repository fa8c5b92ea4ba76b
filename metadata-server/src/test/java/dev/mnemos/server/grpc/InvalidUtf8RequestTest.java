package dev.mnemos.server.grpc;

import static dev.mnemos.server.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.GetArtifactsByIDRequest;
import dev.mnemos.proto.mlmd.GetArtifactsRequest;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.Mlmd;
import dev.mnemos.server.testing.StoreTest;
import io.grpc.Status;

/**
 * Strings that are not UTF-8 (proto2 lets a client send any bytes) are refused by name, never
 * stored with their bad bytes replaced; text that is UTF-8 keeps every character.
 */
class InvalidUtf8RequestTest {

  private static final ByteString NOT_UTF8 = ByteString.copyFrom(new byte[] {'a', (byte) 0xff});

  private static long type(Mlmd mlmd) {
    return mlmd.api()
        .putArtifactType(
            PutArtifactTypeRequest.newBuilder()
                .setArtifactType(ArtifactType.newBuilder().setName("Dataset"))
                .build())
        .getTypeId();
  }

  private static Status put(Mlmd mlmd, Artifact.Builder artifact) {
    return assertStatus(
        Status.Code.INVALID_ARGUMENT,
        () ->
            mlmd.api()
                .putArtifacts(PutArtifactsRequest.newBuilder().addArtifacts(artifact).build()));
  }

  @StoreTest
  void stringsThatAreNotUtf8AreRefusedByName(Mlmd mlmd) {
    long type = type(mlmd);

    assertThat(
            put(mlmd, Artifact.newBuilder().setTypeId(type).setNameBytes(NOT_UTF8))
                .getDescription())
        .isEqualTo(
            "artifacts.name is not valid UTF-8: Mnemos stores text, and would have to change these"
                + " bytes to store them");
    assertThat(
            put(
                    mlmd,
                    Artifact.newBuilder()
                        .setTypeId(type)
                        .putCustomProperties(
                            "note", Value.newBuilder().setStringValueBytes(NOT_UTF8).build()))
                .getDescription())
        .startsWith("artifacts.custom_properties.value.string_value is not valid UTF-8");
    assertThat(
            mlmd.api().getArtifacts(GetArtifactsRequest.getDefaultInstance()).getArtifactsCount())
        .as("nothing stored")
        .isZero();
  }

  @StoreTest
  void textThatIsUtf8KeepsEveryCharacter(Mlmd mlmd) {
    boolean postgresql = mlmd.backend() == Backend.POSTGRESQL;
    if (postgresql) {
      // PostgreSQL's text holds every character but NUL: refused, not cut short or mangled.
      assertThat(
              assertStatus(
                      Status.Code.INVALID_ARGUMENT,
                      () ->
                          mlmd.api()
                              .putArtifacts(
                                  PutArtifactsRequest.newBuilder()
                                      .addArtifacts(
                                          Artifact.newBuilder()
                                              .setTypeId(type(mlmd))
                                              .setName("a \u0000 b"))
                                      .build()))
                  .getDescription())
          .contains("U+0000");
    }
    String text = "é ü 😀 " + (postgresql ? "" : "\u0000") + " \uFFFD";
    long id =
        mlmd.api()
            .putArtifacts(
                PutArtifactsRequest.newBuilder()
                    .addArtifacts(
                        Artifact.newBuilder()
                            .setTypeId(type(mlmd))
                            .setName(text)
                            .putCustomProperties(
                                text, Value.newBuilder().setStringValue(text).build()))
                    .build())
            .getArtifactIds(0);

    Artifact stored =
        mlmd.api()
            .getArtifactsByID(GetArtifactsByIDRequest.newBuilder().addArtifactIds(id).build())
            .getArtifacts(0);

    assertThat(stored.getName()).isEqualTo(text);
    assertThat(stored.getCustomPropertiesMap().get(text).getStringValue()).isEqualTo(text);
  }
}
