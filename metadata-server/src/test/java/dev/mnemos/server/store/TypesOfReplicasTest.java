package dev.mnemos.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.GetArtifactsByIDRequest;
import dev.mnemos.proto.mlmd.PropertyType;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.StoreTest;

/**
 * Two stores on one database, as two replicas behind a Service: a property one replica adds to a
 * type is usable at once through the other, although node writes keep types in memory.
 */
class TypesOfReplicasTest {

  private static ArtifactType model(boolean withAuthor) {
    ArtifactType.Builder type =
        ArtifactType.newBuilder().setName("Model").putProperties("framework", PropertyType.STRING);
    if (withAuthor) {
      type.putProperties("author", PropertyType.STRING);
    }
    return type.build();
  }

  private static Artifact artifact(long typeId, String property) {
    return Artifact.newBuilder()
        .setTypeId(typeId)
        .setUri("minio://models/" + property)
        .putProperties(property, Value.newBuilder().setStringValue("x").build())
        .build();
  }

  private static long put(MetadataStore store, Artifact artifact) {
    return store
        .nodes()
        .putArtifacts(PutArtifactsRequest.newBuilder().addArtifacts(artifact).build())
        .getArtifactIds(0);
  }

  @StoreTest
  void aPropertyAddedThroughOneReplicaIsAcceptedByTheOther(Backend.FreshDatabase database) {
    try (MetadataStore first = MetadataStore.open(DatabaseSettings.of(database.jdbcUrl()));
        MetadataStore second = MetadataStore.open(DatabaseSettings.of(database.jdbcUrl()))) {
      long typeId =
          first
              .types()
              .putArtifactType(
                  PutArtifactTypeRequest.newBuilder().setArtifactType(model(false)).build())
              .getTypeId();
      put(first, artifact(typeId, "framework"));
      assertThatThrownBy(() -> put(first, artifact(typeId, "author")))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));

      second
          .types()
          .putArtifactType(
              PutArtifactTypeRequest.newBuilder()
                  .setArtifactType(model(true))
                  .setCanAddFields(true)
                  .build());

      long id = put(first, artifact(typeId, "author"));
      assertThat(
              first
                  .nodes()
                  .getArtifactsById(GetArtifactsByIDRequest.newBuilder().addArtifactIds(id).build())
                  .getArtifacts(0)
                  .getPropertiesMap())
          .containsOnlyKeys("author");
    }
  }
}
