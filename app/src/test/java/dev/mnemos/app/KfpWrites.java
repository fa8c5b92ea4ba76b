package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.GetArtifactsByIDRequest;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;

/** What a KFP launcher does first against a metadata server it was pointed at. */
final class KfpWrites {

  private KfpWrites() {}

  /** Registers KFP's dataset type, records a dataset and reads it back. */
  static void aKfpShapedWriteAndRead(MetadataStoreServiceBlockingStub api) {
    long type =
        api.putArtifactType(
                PutArtifactTypeRequest.newBuilder()
                    .setArtifactType(ArtifactType.newBuilder().setName("system.Dataset"))
                    .setCanAddFields(true)
                    .build())
            .getTypeId();
    long id =
        api.putArtifacts(
                PutArtifactsRequest.newBuilder()
                    .addArtifacts(
                        Artifact.newBuilder()
                            .setTypeId(type)
                            .setUri("minio://mlpipeline/v2/artifacts/p/r/dataset")
                            .setState(Artifact.State.LIVE))
                    .build())
            .getArtifactIds(0);
    assertThat(
            api.getArtifactsByID(GetArtifactsByIDRequest.newBuilder().addArtifactIds(id).build())
                .getArtifacts(0)
                .getUri())
        .isEqualTo("minio://mlpipeline/v2/artifacts/p/r/dataset");
  }
}
