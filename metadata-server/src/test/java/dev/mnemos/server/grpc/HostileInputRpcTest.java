package dev.mnemos.server.grpc;

import static dev.mnemos.server.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.GetArtifactsByIDRequest;
import dev.mnemos.proto.mlmd.GetArtifactsRequest;
import dev.mnemos.proto.mlmd.ListOperationOptions;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.server.testing.Mlmd;
import dev.mnemos.server.testing.StoreTest;
import io.grpc.Status;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Filters built to hurt — nested past the parser's stack, wider than SQLite's expression tree or
 * join limit, or megabytes long — are refused as INVALID_ARGUMENT by limits of our own, with a
 * message that quotes a bounded excerpt of the input, and the store serves on.
 */
class HostileInputRpcTest {

  private static Status filter(Mlmd mlmd, String query) {
    return assertStatus(
        Status.Code.INVALID_ARGUMENT,
        () ->
            mlmd.api()
                .getArtifacts(
                    GetArtifactsRequest.newBuilder()
                        .setOptions(ListOperationOptions.newBuilder().setFilterQuery(query))
                        .build()));
  }

  @StoreTest
  void deeplyNestedFiltersAreRefused(Mlmd mlmd) {
    assertThat(filter(mlmd, "NOT ".repeat(5000) + "id = 1").getDescription())
        .contains("nests deeper than 200 levels");
    // Parentheses leave no node in the syntax tree; whether the parser's stack overflows on them
    // depends on the JIT, so they must be counted before it: each depth, many times.
    for (int depth : new int[] {201, 300, 3000, 3000, 3000}) {
      assertThat(filter(mlmd, "(".repeat(depth) + "id = 1" + ")".repeat(depth)).getDescription())
          .contains("nests deeper than 200 levels");
    }
    assertThat(
            mlmd.api()
                .getArtifacts(
                    GetArtifactsRequest.newBuilder()
                        .setOptions(
                            ListOperationOptions.newBuilder()
                                .setFilterQuery("(".repeat(150) + "id = 1" + ")".repeat(150)))
                        .build())
                .getArtifactsCount())
        .as("150 levels are fine")
        .isZero();
    String thousandOrs =
        IntStream.range(0, 1000).mapToObj(i -> "id = " + i).collect(Collectors.joining(" OR "));
    assertThat(filter(mlmd, thousandOrs).getDescription()).contains("use IN");
  }

  @StoreTest
  void filtersJoiningMoreThanOneStatementHoldsAreRefused(Mlmd mlmd) {
    String sixtyFiveProperties =
        IntStream.range(0, 65)
            .mapToObj(i -> "custom_properties.p" + i + ".int_value = 1")
            .collect(Collectors.joining(" AND "));
    assertThat(filter(mlmd, sixtyFiveProperties).getDescription())
        .contains("at most 63 fit in one query");
  }

  @StoreTest
  void errorsQuoteABoundedExcerptOfTheInput(Mlmd mlmd) {
    String hugeLiteral = "uri = '" + "x".repeat(100_000) + "' AND AND";
    Status refused = filter(mlmd, hugeLiteral);
    assertThat(refused.getDescription()).hasSizeLessThan(1000);
    Status tooLong = filter(mlmd, "uri = '" + "x".repeat(70_000) + "'");
    assertThat(tooLong.getDescription()).contains("at most 65536").hasSizeLessThan(1000);
  }

  @StoreTest
  void theStoreServesOnAfterwards(Mlmd mlmd) {
    filter(mlmd, "NOT ".repeat(5000) + "id = 1");
    long type = mlmd.artifactType("Dataset");
    mlmd.api()
        .putArtifacts(
            PutArtifactsRequest.newBuilder()
                .addArtifacts(Artifact.newBuilder().setTypeId(type).setUri("s3://a"))
                .build());
    assertThat(
            mlmd.api()
                .getArtifacts(
                    GetArtifactsRequest.newBuilder()
                        .setOptions(
                            ListOperationOptions.newBuilder().setFilterQuery("uri = 's3://a'"))
                        .build())
                .getArtifactsCount())
        .isEqualTo(1);
  }

  @StoreTest
  void moreIdsInOneCallThanTheLimitAreRefusedBeforeAnyWork(Mlmd mlmd) {
    GetArtifactsByIDRequest.Builder request = GetArtifactsByIDRequest.newBuilder();
    for (long id = 1; id <= StrictRequests.MAX_ITEMS + 1; id++) {
      request.addArtifactIds(id);
    }
    Status refused =
        assertStatus(
            Status.Code.RESOURCE_EXHAUSTED, () -> mlmd.api().getArtifactsByID(request.build()));
    assertThat(refused.getDescription())
        .isEqualTo(
            "artifact_ids holds 1000001 items; at most 1000000 are taken in one call: split the call");
  }
}
