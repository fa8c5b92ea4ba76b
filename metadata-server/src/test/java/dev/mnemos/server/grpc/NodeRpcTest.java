package dev.mnemos.server.grpc;

import static dev.mnemos.server.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import com.google.protobuf.StringValue;
import com.google.protobuf.Struct;
import com.google.protobuf.UnknownFieldSet;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.GetArtifactByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByIDRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByIDResponse;
import dev.mnemos.proto.mlmd.GetArtifactsByTypeRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByURIRequest;
import dev.mnemos.proto.mlmd.GetArtifactsRequest;
import dev.mnemos.proto.mlmd.GetArtifactsResponse;
import dev.mnemos.proto.mlmd.GetContextByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.GetEventsByArtifactIDsRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByIDRequest;
import dev.mnemos.proto.mlmd.ListOperationOptions;
import dev.mnemos.proto.mlmd.PropertyType;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.proto.mlmd.PutContextsRequest;
import dev.mnemos.proto.mlmd.PutExecutionsRequest;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.testing.Mlmd;
import dev.mnemos.server.testing.StoreTest;
import io.grpc.Status.Code;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

class NodeRpcTest {

  private static long modelType(Mlmd mlmd) {
    return mlmd.api()
        .putArtifactType(
            PutArtifactTypeRequest.newBuilder()
                .setArtifactType(
                    ArtifactType.newBuilder()
                        .setName("Model")
                        .putProperties("accuracy", PropertyType.DOUBLE)
                        .putProperties("framework", PropertyType.STRING)
                        .putProperties("layers", PropertyType.INT))
                .build())
        .getTypeId();
  }

  private static long putArtifact(Mlmd mlmd, Artifact artifact) {
    return mlmd.api()
        .putArtifacts(PutArtifactsRequest.newBuilder().addArtifacts(artifact).build())
        .getArtifactIds(0);
  }

  private static Artifact get(Mlmd mlmd, long id) {
    return mlmd.api()
        .getArtifactsByID(GetArtifactsByIDRequest.newBuilder().addArtifactIds(id).build())
        .getArtifacts(0);
  }

  private static Value string(String text) {
    return Value.newBuilder().setStringValue(text).build();
  }

  @StoreTest
  void everyValueKindRoundTrips(Mlmd mlmd) {
    long type = modelType(mlmd);
    Struct struct =
        Struct.newBuilder()
            .putFields("lr", com.google.protobuf.Value.newBuilder().setNumberValue(0.01).build())
            .build();
    Any any = Any.pack(StringValue.of("packed"));
    Artifact artifact =
        Artifact.newBuilder()
            .setTypeId(type)
            .setUri("gs://bucket/model")
            .setName("model-1")
            .setExternalId("ext-model-1")
            .setState(Artifact.State.LIVE)
            .putProperties("accuracy", Value.newBuilder().setDoubleValue(0.93).build())
            .putProperties("framework", string("torch"))
            .putProperties("layers", Value.newBuilder().setIntValue(12).build())
            .putCustomProperties("config", Value.newBuilder().setStructValue(struct).build())
            .putCustomProperties("payload", Value.newBuilder().setProtoValue(any).build())
            .putCustomProperties("pushed", Value.newBuilder().setBoolValue(true).build())
            .build();

    Artifact stored = get(mlmd, putArtifact(mlmd, artifact));

    assertThat(stored.getType()).isEqualTo("Model");
    assertThat(stored.getCreateTimeSinceEpoch()).isPositive();
    assertThat(stored.getLastUpdateTimeSinceEpoch()).isEqualTo(stored.getCreateTimeSinceEpoch());
    assertThat(
            stored.toBuilder()
                .clearId()
                .clearType()
                .clearCreateTimeSinceEpoch()
                .clearLastUpdateTimeSinceEpoch()
                .build())
        .isEqualTo(artifact);
  }

  @StoreTest
  void artifactWithoutUriIsStoredWithAnEmptyUri(Mlmd mlmd) {
    Artifact stored =
        get(mlmd, putArtifact(mlmd, Artifact.newBuilder().setTypeId(modelType(mlmd)).build()));

    assertThat(stored.hasUri()).isTrue();
    assertThat(stored.getUri()).isEmpty();
    assertThat(
            mlmd.api()
                .getArtifactsByURI(
                    GetArtifactsByURIRequest.newBuilder().addUris("").addUris("").build())
                .getArtifactsList())
        .extracting(Artifact::getId)
        .containsExactly(stored.getId());
  }

  @StoreTest
  void invalidInsertsAreRefusedAndNothingOfTheCallIsKept(Mlmd mlmd) {
    long type = modelType(mlmd);
    Artifact good = Artifact.newBuilder().setTypeId(type).setUri("kept?").build();

    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            mlmd.api()
                .putArtifacts(
                    PutArtifactsRequest.newBuilder()
                        .addArtifacts(good)
                        .addArtifacts(
                            Artifact.newBuilder()
                                .setTypeId(type)
                                .putProperties("unknown", string("x")))
                        .build()));
    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            putArtifact(
                mlmd,
                Artifact.newBuilder()
                    .setTypeId(type)
                    .putProperties("layers", string("x"))
                    .build()));
    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            putArtifact(
                mlmd,
                Artifact.newBuilder()
                    .setTypeId(type)
                    .putCustomProperties("empty", Value.getDefaultInstance())
                    .build()));
    assertStatus(
        Code.INVALID_ARGUMENT,
        () -> putArtifact(mlmd, Artifact.newBuilder().setUri("no type").build()));
    assertStatus(
        Code.NOT_FOUND, () -> putArtifact(mlmd, Artifact.newBuilder().setTypeId(9999).build()));

    assertThat(mlmd.api().getArtifacts(GetArtifactsRequest.getDefaultInstance()).getArtifactsList())
        .isEmpty();
  }

  @StoreTest
  void duplicateNameOrExternalIdIsAlreadyExists(Mlmd mlmd) {
    long type = modelType(mlmd);
    putArtifact(
        mlmd, Artifact.newBuilder().setTypeId(type).setName("m").setExternalId("e").build());

    assertStatus(
        Code.ALREADY_EXISTS,
        () -> putArtifact(mlmd, Artifact.newBuilder().setTypeId(type).setName("m").build()));
    assertStatus(
        Code.ALREADY_EXISTS,
        () -> putArtifact(mlmd, Artifact.newBuilder().setTypeId(type).setExternalId("e").build()));
  }

  @StoreTest
  void updateWithoutMaskReplacesTheNodeButKeepsItsName(Mlmd mlmd) {
    long type = modelType(mlmd);
    long id =
        putArtifact(
            mlmd,
            Artifact.newBuilder()
                .setTypeId(type)
                .setName("m")
                .setUri("a")
                .setState(Artifact.State.PENDING)
                .putProperties("framework", string("torch"))
                .putCustomProperties("tag", string("x"))
                .build());

    putArtifact(
        mlmd,
        Artifact.newBuilder()
            .setId(id)
            .setName("renamed")
            .putProperties("layers", Value.newBuilder().setIntValue(3).build())
            .build());

    Artifact stored = get(mlmd, id);
    assertThat(stored.getName()).isEqualTo("m");
    assertThat(stored.getUri()).isEmpty();
    assertThat(stored.hasState()).isFalse();
    assertThat(stored.getPropertiesMap()).containsOnlyKeys("layers");
    assertThat(stored.getCustomPropertiesMap()).isEmpty();
  }

  @StoreTest
  void updateWithMaskChangesOnlyMaskedFields(Mlmd mlmd) {
    long type = modelType(mlmd);
    long id =
        putArtifact(
            mlmd,
            Artifact.newBuilder()
                .setTypeId(type)
                .setUri("a")
                .setState(Artifact.State.PENDING)
                .putProperties("framework", string("torch"))
                .putProperties("layers", Value.newBuilder().setIntValue(1).build())
                .putCustomProperties("tag", string("x"))
                .build());

    mlmd.api()
        .putArtifacts(
            PutArtifactsRequest.newBuilder()
                .addArtifacts(
                    Artifact.newBuilder()
                        .setId(id)
                        .setUri("b")
                        .setState(Artifact.State.LIVE)
                        .putCustomProperties("owner", string("me")))
                .setUpdateMask(
                    FieldMask.newBuilder()
                        .addAllPaths(
                            List.of(
                                "state",
                                "properties.layers",
                                "custom_properties.owner",
                                "no_such_field")))
                .build());

    Artifact stored = get(mlmd, id);
    assertThat(stored.getUri()).isEqualTo("a");
    assertThat(stored.getState()).isEqualTo(Artifact.State.LIVE);
    assertThat(stored.getPropertiesMap()).containsOnlyKeys("framework");
    assertThat(stored.getCustomPropertiesMap()).containsOnlyKeys("tag", "owner");
  }

  @StoreTest
  void updateTimeMovesOnlyWhenSomethingChanged(Mlmd mlmd) throws InterruptedException {
    long type = modelType(mlmd);
    long id = putArtifact(mlmd, Artifact.newBuilder().setTypeId(type).setUri("a").build());
    Artifact before = get(mlmd, id);
    Thread.sleep(5);

    putArtifact(mlmd, before);
    assertThat(get(mlmd, id).getLastUpdateTimeSinceEpoch())
        .isEqualTo(before.getLastUpdateTimeSinceEpoch());

    putArtifact(mlmd, before.toBuilder().setUri("b").build());
    assertThat(get(mlmd, id).getLastUpdateTimeSinceEpoch())
        .isGreaterThan(before.getLastUpdateTimeSinceEpoch());
  }

  @StoreTest
  void staleUpdateIsRefusedWhenAskedToCheck(Mlmd mlmd) {
    long type = modelType(mlmd);
    long id = putArtifact(mlmd, Artifact.newBuilder().setTypeId(type).setUri("a").build());
    Artifact read = get(mlmd, id);
    PutArtifactsRequest.Options check =
        PutArtifactsRequest.Options.newBuilder().setAbortIfLatestUpdatedTimeChanged(true).build();

    mlmd.api()
        .putArtifacts(
            PutArtifactsRequest.newBuilder()
                .addArtifacts(read.toBuilder().setUri("b"))
                .setOptions(check)
                .build());
    assertStatus(
        Code.FAILED_PRECONDITION,
        () ->
            mlmd.api()
                .putArtifacts(
                    PutArtifactsRequest.newBuilder()
                        .addArtifacts(read.toBuilder().setUri("c"))
                        .setOptions(check)
                        .build()));
    assertThat(get(mlmd, id).getUri()).isEqualTo("b");
  }

  @StoreTest
  void updatesOfUnknownIdsOrChangedTypesAreInvalid(Mlmd mlmd) {
    long type = modelType(mlmd);
    long id = putArtifact(mlmd, Artifact.newBuilder().setTypeId(type).build());

    assertStatus(
        Code.INVALID_ARGUMENT, () -> putArtifact(mlmd, Artifact.newBuilder().setId(9999).build()));
    assertStatus(
        Code.INVALID_ARGUMENT,
        () -> putArtifact(mlmd, Artifact.newBuilder().setId(id).setTypeId(type + 1).build()));
  }

  @StoreTest
  void lookupsByTypeNameUriAndExternalId(Mlmd mlmd) {
    long type = modelType(mlmd);
    long a =
        putArtifact(
            mlmd,
            Artifact.newBuilder()
                .setTypeId(type)
                .setName("a")
                .setUri("u1")
                .setExternalId("x1")
                .build());
    long b =
        putArtifact(mlmd, Artifact.newBuilder().setTypeId(type).setName("b").setUri("u1").build());

    assertThat(
            mlmd.api()
                .getArtifactsByType(
                    GetArtifactsByTypeRequest.newBuilder().setTypeName("Model").build())
                .getArtifactsCount())
        .isEqualTo(2);
    assertThat(
            mlmd.api()
                .getArtifactsByType(
                    GetArtifactsByTypeRequest.newBuilder().setTypeName("Absent").build())
                .getArtifactsList())
        .isEmpty();
    assertThat(
            mlmd.api()
                .getArtifactByTypeAndName(
                    GetArtifactByTypeAndNameRequest.newBuilder()
                        .setTypeName("Model")
                        .setArtifactName("b")
                        .build())
                .getArtifact()
                .getId())
        .isEqualTo(b);
    assertThat(
            mlmd.api()
                .getArtifactByTypeAndName(
                    GetArtifactByTypeAndNameRequest.newBuilder()
                        .setTypeName("Model")
                        .setArtifactName("zzz")
                        .build())
                .hasArtifact())
        .isFalse();
    assertThat(
            mlmd.api()
                .getArtifactsByURI(GetArtifactsByURIRequest.newBuilder().addUris("u1").build())
                .getArtifactsCount())
        .isEqualTo(2);
    assertThat(
            mlmd.api()
                .getArtifactsByExternalIds(
                    GetArtifactsByExternalIdsRequest.newBuilder()
                        .addExternalIds("x1")
                        .addExternalIds("x2")
                        .build())
                .getArtifactsList())
        .extracting(Artifact::getId)
        .containsExactly(a);
    assertStatus(
        Code.NOT_FOUND,
        () ->
            mlmd.api()
                .getArtifactsByExternalIds(
                    GetArtifactsByExternalIdsRequest.newBuilder().addExternalIds("x2").build()));
    GetArtifactsByIDResponse withTypes =
        mlmd.api()
            .getArtifactsByID(
                GetArtifactsByIDRequest.newBuilder()
                    .addArtifactIds(a)
                    .addArtifactIds(b)
                    .addArtifactIds(404)
                    .setPopulateArtifactTypes(true)
                    .build());
    assertThat(withTypes.getArtifactsCount()).isEqualTo(2);
    assertThat(withTypes.getArtifactTypesList())
        .extracting(ArtifactType::getName)
        .containsExactly("Model");
  }

  @StoreTest
  void deprecatedUriFieldIsRefused(Mlmd mlmd) {
    GetArtifactsByURIRequest withOldField =
        GetArtifactsByURIRequest.newBuilder()
            .setUnknownFields(
                UnknownFieldSet.newBuilder()
                    .addField(
                        1,
                        UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(ByteString.copyFromUtf8("u"))
                            .build())
                    .build())
            .build();

    assertStatus(Code.INVALID_ARGUMENT, () -> mlmd.api().getArtifactsByURI(withOldField));
  }

  @StoreTest
  void contextsNeedANameAndAreUniquePerType(Mlmd mlmd) {
    long type = mlmd.contextType("Run");
    long id =
        mlmd.api()
            .putContexts(
                PutContextsRequest.newBuilder()
                    .addContexts(Context.newBuilder().setTypeId(type).setName("r1"))
                    .build())
            .getContextIds(0);

    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            mlmd.api()
                .putContexts(
                    PutContextsRequest.newBuilder()
                        .addContexts(Context.newBuilder().setTypeId(type))
                        .build()));
    assertStatus(
        Code.ALREADY_EXISTS,
        () ->
            mlmd.api()
                .putContexts(
                    PutContextsRequest.newBuilder()
                        .addContexts(Context.newBuilder().setTypeId(type).setName("r1"))
                        .build()));

    mlmd.api()
        .putContexts(
            PutContextsRequest.newBuilder()
                .addContexts(Context.newBuilder().setId(id).setName("r1-renamed"))
                .build());
    assertThat(
            mlmd.api()
                .getContextByTypeAndName(
                    GetContextByTypeAndNameRequest.newBuilder()
                        .setTypeName("Run")
                        .setContextName("r1-renamed")
                        .build())
                .getContext()
                .getId())
        .isEqualTo(id);
  }

  @StoreTest
  void executionsKeepTheirLastKnownState(Mlmd mlmd) {
    long type = mlmd.executionType("Step");
    long id =
        mlmd.api()
            .putExecutions(
                PutExecutionsRequest.newBuilder()
                    .addExecutions(
                        Execution.newBuilder()
                            .setTypeId(type)
                            .setLastKnownState(Execution.State.RUNNING))
                    .build())
            .getExecutionIds(0);

    mlmd.api()
        .putExecutions(
            PutExecutionsRequest.newBuilder()
                .addExecutions(
                    Execution.newBuilder().setId(id).setLastKnownState(Execution.State.COMPLETE))
                .setUpdateMask(FieldMask.newBuilder().addPaths("last_known_state"))
                .build());

    assertThat(
            mlmd.api()
                .getExecutionsByID(
                    GetExecutionsByIDRequest.newBuilder().addExecutionIds(id).build())
                .getExecutions(0)
                .getLastKnownState())
        .isEqualTo(Execution.State.COMPLETE);
  }

  @StoreTest
  void pagingWalksEveryNodeOnceInEachOrder(Mlmd mlmd) {
    long type = modelType(mlmd);
    PutArtifactsRequest.Builder batch = PutArtifactsRequest.newBuilder();
    for (int i = 0; i < 110; i++) {
      batch.addArtifacts(Artifact.newBuilder().setTypeId(type).setName("n" + i));
    }
    List<Long> ids = mlmd.api().putArtifacts(batch.build()).getArtifactIdsList();

    for (ListOperationOptions.OrderByField.Field field :
        List.of(
            ListOperationOptions.OrderByField.Field.ID,
            ListOperationOptions.OrderByField.Field.CREATE_TIME,
            ListOperationOptions.OrderByField.Field.LAST_UPDATE_TIME)) {
      for (boolean ascending : List.of(true, false)) {
        ListOperationOptions options =
            ListOperationOptions.newBuilder()
                .setMaxResultSize(30)
                .setOrderByField(
                    ListOperationOptions.OrderByField.newBuilder()
                        .setField(field)
                        .setIsAsc(ascending))
                .build();
        List<Long> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
          GetArtifactsResponse page =
              mlmd.api()
                  .getArtifacts(
                      GetArtifactsRequest.newBuilder()
                          .setOptions(options.toBuilder().setNextPageToken(token))
                          .build());
          page.getArtifactsList().forEach(a -> seen.add(a.getId()));
          token = page.getNextPageToken();
          pages++;
        } while (!token.isEmpty());
        assertThat(pages).isEqualTo(4);
        assertThat(seen).as("%s %s", field, ascending).containsExactlyInAnyOrderElementsOf(ids);
        if (field == ListOperationOptions.OrderByField.Field.ID) {
          assertThat(seen)
              .isSortedAccordingTo(
                  ascending ? Comparator.naturalOrder() : Comparator.reverseOrder());
        }
      }
    }
  }

  @StoreTest
  void pagingRejectsBadOptionsAndBadFilters(Mlmd mlmd) {
    long type = modelType(mlmd);
    for (int i = 0; i < 3; i++) {
      putArtifact(mlmd, Artifact.newBuilder().setTypeId(type).build());
    }
    GetArtifactsResponse first =
        mlmd.api()
            .getArtifacts(
                GetArtifactsRequest.newBuilder()
                    .setOptions(ListOperationOptions.newBuilder().setMaxResultSize(1))
                    .build());
    assertThat(first.getNextPageToken()).isNotEmpty();

    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            mlmd.api()
                .getArtifacts(
                    GetArtifactsRequest.newBuilder()
                        .setOptions(
                            ListOperationOptions.newBuilder()
                                .setMaxResultSize(1)
                                .setNextPageToken(first.getNextPageToken())
                                .setOrderByField(
                                    ListOperationOptions.OrderByField.newBuilder().setIsAsc(false)))
                        .build()));
    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            mlmd.api()
                .getArtifacts(
                    GetArtifactsRequest.newBuilder()
                        .setOptions(
                            ListOperationOptions.newBuilder().setNextPageToken("not a token!"))
                        .build()));
    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            mlmd.api()
                .getArtifacts(
                    GetArtifactsRequest.newBuilder()
                        .setOptions(ListOperationOptions.newBuilder().setMaxResultSize(0))
                        .build()));
    assertStatus(
        Code.INVALID_ARGUMENT,
        () ->
            mlmd.api()
                .getArtifacts(
                    GetArtifactsRequest.newBuilder()
                        .setOptions(ListOperationOptions.newBuilder().setFilterQuery("uri == 'x'"))
                        .build()));
  }

  @StoreTest
  void pagesNeitherRepeatNorSkipWhileNodesAreInserted(Mlmd mlmd) {
    long type = modelType(mlmd);
    List<Long> before = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      before.add(putArtifact(mlmd, Artifact.newBuilder().setTypeId(type).build()));
    }
    for (ListOperationOptions.OrderByField.Field field :
        List.of(
            ListOperationOptions.OrderByField.Field.ID,
            ListOperationOptions.OrderByField.Field.CREATE_TIME)) {
      for (boolean ascending : List.of(true, false)) {
        ListOperationOptions options =
            ListOperationOptions.newBuilder()
                .setMaxResultSize(4)
                .setOrderByField(
                    ListOperationOptions.OrderByField.newBuilder()
                        .setField(field)
                        .setIsAsc(ascending))
                .build();
        List<Long> seen = new ArrayList<>();
        String token = "";
        do {
          GetArtifactsResponse page =
              mlmd.api()
                  .getArtifacts(
                      GetArtifactsRequest.newBuilder()
                          .setOptions(options.toBuilder().setNextPageToken(token))
                          .build());
          page.getArtifactsList().forEach(a -> seen.add(a.getId()));
          token = page.getNextPageToken();
          putArtifact(mlmd, Artifact.newBuilder().setTypeId(type).build());
        } while (!token.isEmpty());

        assertThat(seen).as("%s %s", field, ascending).doesNotHaveDuplicates().containsAll(before);
      }
    }
  }

  @StoreTest
  void filterAndPagingCombine(Mlmd mlmd) {
    long type = modelType(mlmd);
    for (int i = 0; i < 7; i++) {
      putArtifact(
          mlmd,
          Artifact.newBuilder()
              .setTypeId(type)
              .setUri(i % 2 == 0 ? "even/" + i : "odd/" + i)
              .build());
    }
    ListOperationOptions evenTwoAtATime =
        ListOperationOptions.newBuilder()
            .setMaxResultSize(2)
            .setFilterQuery("uri LIKE 'even/%'")
            .build();

    List<String> uris = new ArrayList<>();
    String token = "";
    do {
      GetArtifactsResponse page =
          mlmd.api()
              .getArtifacts(
                  GetArtifactsRequest.newBuilder()
                      .setOptions(evenTwoAtATime.toBuilder().setNextPageToken(token))
                      .build());
      page.getArtifactsList().forEach(a -> uris.add(a.getUri()));
      token = page.getNextPageToken();
    } while (!token.isEmpty());

    assertThat(uris).containsExactly("even/0", "even/2", "even/4", "even/6");
  }

  /**
   * The official Python client's get_lineage_subgraph asks for every node of a large graph by id in
   * one call; three hundred thousand ids must not become one statement too long for SQLite.
   */
  @StoreTest
  void threeHundredThousandIdsAreLookedUpInOneCall(Mlmd mlmd) {
    long type = mlmd.artifactType("Dataset");
    long stored =
        mlmd.api()
            .putArtifacts(
                PutArtifactsRequest.newBuilder()
                    .addArtifacts(Artifact.newBuilder().setTypeId(type).setUri("s3://a"))
                    .build())
            .getArtifactIds(0);
    List<Long> ids = new ArrayList<>();
    for (long id = 300_000; id > 0; id--) {
      ids.add(id);
    }
    assertThat(
            mlmd.api()
                .getArtifactsByID(
                    GetArtifactsByIDRequest.newBuilder().addAllArtifactIds(ids).build())
                .getArtifactsList())
        .extracting(Artifact::getId)
        .containsExactly(stored);
    assertThat(
            mlmd.api()
                .getEventsByArtifactIDs(
                    GetEventsByArtifactIDsRequest.newBuilder().addAllArtifactIds(ids).build())
                .getEventsList())
        .isEmpty();
  }
}
