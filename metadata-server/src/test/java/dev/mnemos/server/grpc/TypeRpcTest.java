package dev.mnemos.server.grpc;

import static dev.mnemos.server.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.ExecutionType;
import dev.mnemos.proto.mlmd.GetArtifactTypeRequest;
import dev.mnemos.proto.mlmd.GetArtifactTypesByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetArtifactTypesByIDRequest;
import dev.mnemos.proto.mlmd.GetArtifactTypesRequest;
import dev.mnemos.proto.mlmd.GetContextTypeRequest;
import dev.mnemos.proto.mlmd.GetExecutionTypeRequest;
import dev.mnemos.proto.mlmd.GetExecutionTypesRequest;
import dev.mnemos.proto.mlmd.PropertyType;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutTypesRequest;
import dev.mnemos.proto.mlmd.PutTypesResponse;
import dev.mnemos.server.testing.Mlmd;
import dev.mnemos.server.testing.StoreTest;
import io.grpc.Status.Code;

class TypeRpcTest {

  private static ArtifactType datasetType() {
    return ArtifactType.newBuilder()
        .setName("Dataset")
        .putProperties("span", PropertyType.INT)
        .putProperties("split", PropertyType.STRING)
        .build();
  }

  private static long put(Mlmd mlmd, ArtifactType type, boolean canAdd, boolean canOmit) {
    return mlmd.api()
        .putArtifactType(
            PutArtifactTypeRequest.newBuilder()
                .setArtifactType(type)
                .setCanAddFields(canAdd)
                .setCanOmitFields(canOmit)
                .build())
        .getTypeId();
  }

  @StoreTest
  void putThenGetReturnsTheSameTypeWithItsBaseType(Mlmd mlmd) {
    long id =
        put(
            mlmd,
            datasetType().toBuilder()
                .setBaseType(ArtifactType.SystemDefinedBaseType.DATASET)
                .build(),
            false,
            false);

    ArtifactType stored =
        mlmd.api()
            .getArtifactType(GetArtifactTypeRequest.newBuilder().setTypeName("Dataset").build())
            .getArtifactType();

    assertThat(stored.getId()).isEqualTo(id);
    assertThat(stored.getPropertiesMap())
        .containsEntry("span", PropertyType.INT)
        .containsEntry("split", PropertyType.STRING);
    assertThat(stored.getBaseType()).isEqualTo(ArtifactType.SystemDefinedBaseType.DATASET);
  }

  @StoreTest
  void identicalPutReturnsTheStoredId(Mlmd mlmd) {
    assertThat(put(mlmd, datasetType(), false, false))
        .isEqualTo(put(mlmd, datasetType(), false, false));
  }

  @StoreTest
  void newPropertyNeedsCanAddFields(Mlmd mlmd) {
    long id = put(mlmd, datasetType(), false, false);
    ArtifactType wider = datasetType().toBuilder().putProperties("rows", PropertyType.INT).build();

    assertStatus(Code.ALREADY_EXISTS, () -> put(mlmd, wider, false, false));
    assertThat(put(mlmd, wider, true, false)).isEqualTo(id);
    assertThat(
            mlmd.api()
                .getArtifactType(GetArtifactTypeRequest.newBuilder().setTypeName("Dataset").build())
                .getArtifactType()
                .getPropertiesMap())
        .containsKey("rows");
  }

  @StoreTest
  void omittedPropertyNeedsCanOmitFieldsAndIsKept(Mlmd mlmd) {
    long id = put(mlmd, datasetType(), false, false);
    ArtifactType narrower =
        ArtifactType.newBuilder()
            .setName("Dataset")
            .putProperties("span", PropertyType.INT)
            .build();

    assertStatus(Code.ALREADY_EXISTS, () -> put(mlmd, narrower, false, false));
    assertThat(put(mlmd, narrower, false, true)).isEqualTo(id);
    assertThat(
            mlmd.api()
                .getArtifactType(GetArtifactTypeRequest.newBuilder().setTypeName("Dataset").build())
                .getArtifactType()
                .getPropertiesMap())
        .containsKeys("span", "split");
  }

  @StoreTest
  void changedPropertyTypeIsRefusedEvenWithCanAddFields(Mlmd mlmd) {
    put(mlmd, datasetType(), false, false);
    ArtifactType changed =
        datasetType().toBuilder().putProperties("span", PropertyType.STRING).build();

    assertStatus(Code.ALREADY_EXISTS, () -> put(mlmd, changed, true, true));
  }

  @StoreTest
  void versionsAreDistinctTypesAndEmptyVersionIsNoVersion(Mlmd mlmd) {
    long unversioned = put(mlmd, datasetType(), false, false);
    long v1 = put(mlmd, datasetType().toBuilder().setVersion("v1").build(), false, false);
    long emptyVersion = put(mlmd, datasetType().toBuilder().setVersion("").build(), false, false);

    assertThat(v1).isNotEqualTo(unversioned);
    assertThat(emptyVersion).isEqualTo(unversioned);
    assertThat(
            mlmd.api()
                .getArtifactType(
                    GetArtifactTypeRequest.newBuilder()
                        .setTypeName("Dataset")
                        .setTypeVersion("v1")
                        .build())
                .getArtifactType()
                .getId())
        .isEqualTo(v1);
  }

  @StoreTest
  void badTypesAreInvalidArgumentsAndUnknownTypesNotFound(Mlmd mlmd) {
    assertStatus(
        Code.INVALID_ARGUMENT, () -> put(mlmd, ArtifactType.newBuilder().build(), false, false));
    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            put(
                mlmd,
                ArtifactType.newBuilder()
                    .setName("x")
                    .putProperties("p", PropertyType.UNKNOWN)
                    .build(),
                false,
                false));
    assertStatus(
        Code.NOT_FOUND,
        () ->
            mlmd.api()
                .getExecutionType(
                    GetExecutionTypeRequest.newBuilder().setTypeName("absent").build()));
    assertStatus(
        Code.UNIMPLEMENTED,
        () ->
            mlmd.api()
                .putArtifactType(
                    PutArtifactTypeRequest.newBuilder()
                        .setArtifactType(datasetType())
                        .setAllFieldsMatch(false)
                        .build()));
  }

  @StoreTest
  void listingsHideTheSimpleTypes(Mlmd mlmd) {
    assertThat(
            mlmd.api()
                .getArtifactTypes(GetArtifactTypesRequest.getDefaultInstance())
                .getArtifactTypesList())
        .isEmpty();
    assertThat(
            mlmd.api()
                .getExecutionTypes(GetExecutionTypesRequest.getDefaultInstance())
                .getExecutionTypesList())
        .isEmpty();

    put(mlmd, datasetType(), false, false);

    assertThat(
            mlmd.api()
                .getArtifactTypes(GetArtifactTypesRequest.getDefaultInstance())
                .getArtifactTypesList())
        .extracting(ArtifactType::getName)
        .containsExactly("Dataset");
  }

  @StoreTest
  void lookupsByIdSkipUnknownIdsAndByExternalIdNeedAMatch(Mlmd mlmd) {
    long id =
        put(mlmd, datasetType().toBuilder().setExternalId("ext-dataset").build(), false, false);

    assertThat(
            mlmd.api()
                .getArtifactTypesByID(
                    GetArtifactTypesByIDRequest.newBuilder()
                        .addTypeIds(id)
                        .addTypeIds(9999)
                        .build())
                .getArtifactTypesList())
        .extracting(ArtifactType::getId)
        .containsExactly(id);
    assertThat(
            mlmd.api()
                .getArtifactTypesByExternalIds(
                    GetArtifactTypesByExternalIdsRequest.newBuilder()
                        .addExternalIds("ext-dataset")
                        .addExternalIds("nope")
                        .build())
                .getArtifactTypesList())
        .hasSize(1);
    assertStatus(
        Code.NOT_FOUND,
        () ->
            mlmd.api()
                .getArtifactTypesByExternalIds(
                    GetArtifactTypesByExternalIdsRequest.newBuilder()
                        .addExternalIds("nope")
                        .build()));
    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            mlmd.api()
                .getArtifactTypesByExternalIds(
                    GetArtifactTypesByExternalIdsRequest.newBuilder().addExternalIds("").build()));
  }

  @StoreTest
  void putTypesIsOneTransaction(Mlmd mlmd) {
    put(mlmd, datasetType(), false, false);
    PutTypesRequest incompatible =
        PutTypesRequest.newBuilder()
            .addContextTypes(ContextType.newBuilder().setName("Run"))
            .addArtifactTypes(datasetType().toBuilder().putProperties("span", PropertyType.DOUBLE))
            .build();

    assertStatus(Code.ALREADY_EXISTS, () -> mlmd.api().putTypes(incompatible));
    assertStatus(
        Code.NOT_FOUND,
        () ->
            mlmd.api()
                .getContextType(GetContextTypeRequest.newBuilder().setTypeName("Run").build()));

    PutTypesResponse ok =
        mlmd.api()
            .putTypes(
                PutTypesRequest.newBuilder()
                    .addContextTypes(ContextType.newBuilder().setName("Run"))
                    .addContextTypes(ContextType.newBuilder().setName("Run"))
                    .addExecutionTypes(
                        ExecutionType.newBuilder()
                            .setName("Trainer")
                            .setBaseType(ExecutionType.SystemDefinedBaseType.TRAIN))
                    .build());
    assertThat(ok.getContextTypeIds(0)).isEqualTo(ok.getContextTypeIds(1));
    assertThat(
            mlmd.api()
                .getExecutionType(
                    GetExecutionTypeRequest.newBuilder().setTypeName("Trainer").build())
                .getExecutionType()
                .getBaseType())
        .isEqualTo(ExecutionType.SystemDefinedBaseType.TRAIN);
  }
}
