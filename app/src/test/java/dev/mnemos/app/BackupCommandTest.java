package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.GetArtifactsByURIRequest;
import dev.mnemos.proto.mlmd.GetArtifactsRequest;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.server.testing.Await;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `mnemos backup` copies a serving store while it is written to, and the copy, put in place of a
 * store's file, serves everything it holds, its search index rebuilt from it.
 */
class BackupCommandTest {

  private static final int BEFORE = 50;

  @Test
  void aCopyTakenWhileWritingServesAgainWithItsSearch(@TempDir Path dir) throws Exception {
    Path live = dir.resolve("live");
    Path copy = dir.resolve("copy.sqlite");
    AtomicInteger writtenDuring = new AtomicInteger();
    try (MnemosServices services = serve(live)) {
      ManagedChannel channel = channel(services);
      try {
        MetadataStoreServiceBlockingStub api = MetadataStoreServiceGrpc.newBlockingStub(channel);
        long type = datasetType(api);
        for (int i = 0; i < BEFORE; i++) {
          put(api, type, "s3://backup/before-" + i);
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer =
            Thread.ofPlatform()
                .start(
                    () -> {
                      while (writing.get()) {
                        put(api, type, "s3://backup/during-" + writtenDuring.incrementAndGet());
                      }
                    });
        CommandRun.Outcome outcome =
            CommandRun.run("backup", "--data_dir", live.toString(), "--to", copy.toString());
        writing.set(false);
        writer.join();

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.err()).contains("copied the store to " + copy);
      } finally {
        channel.shutdownNow();
      }
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
        .isEqualTo("rw-------");

    Path restored = dir.resolve("restored");
    Files.createDirectories(restored);
    Files.copy(copy, restored.resolve("metadata.sqlite"));
    try (MnemosServices services = serve(restored)) {
      ManagedChannel channel = channel(services);
      try {
        MetadataStoreServiceBlockingStub api = MetadataStoreServiceGrpc.newBlockingStub(channel);
        int artifacts =
            api.getArtifacts(GetArtifactsRequest.getDefaultInstance()).getArtifactsCount();
        assertThat(artifacts).isBetween(BEFORE, BEFORE + writtenDuring.get());
        for (int i = 0; i < BEFORE; i++) {
          assertThat(
                  api.getArtifactsByURI(
                          GetArtifactsByURIRequest.newBuilder()
                              .addUris("s3://backup/before-" + i)
                              .build())
                      .getArtifactsCount())
              .isEqualTo(1);
        }
        Await.until(
            "search over the restored store",
            Duration.ofSeconds(60),
            () -> searchHits(services, "uri:before") == BEFORE);
      } finally {
        channel.shutdownNow();
      }
    }
  }

  @Test
  void aBackupNeverOverwritesAndLeavesServerDatabasesToTheirTools(@TempDir Path dir)
      throws Exception {
    Path existing = Files.createFile(dir.resolve("existing.sqlite"));
    CommandRun.Outcome overwrite =
        CommandRun.run("backup", "--data_dir", dir.toString(), "--to", existing.toString());
    assertThat(overwrite.exitCode()).isEqualTo(1);
    assertThat(overwrite.err()).contains("never overwrites");

    CommandRun.Outcome mysql =
        CommandRun.run(
            "backup",
            "--mysql_config_host",
            "db.example",
            "--to",
            dir.resolve("x.sqlite").toString());
    assertThat(mysql.exitCode()).isEqualTo(1);
    assertThat(mysql.err()).contains("mariadb-dump --single-transaction");

    CommandRun.Outcome nothing =
        CommandRun.run(
            "backup",
            "--data_dir",
            dir.resolve("empty").toString(),
            "--to",
            dir.resolve("y.sqlite").toString());
    assertThat(nothing.exitCode()).isEqualTo(1);
    assertThat(nothing.err()).contains("no store at");
    assertThat(dir.resolve("y.sqlite")).doesNotExist();
  }

  private static MnemosServices serve(Path dataDir) throws Exception {
    DatabaseOptions options = new DatabaseOptions();
    options.dataDir = dataDir;
    return MnemosServices.start(
        options.databaseSettings(),
        options.searchIndexFolder(),
        QuerySettings.defaults(),
        Endpoints.local(),
        Optional.empty(),
        0);
  }

  private static ManagedChannel channel(MnemosServices services) {
    return ManagedChannelBuilder.forAddress("127.0.0.1", services.grpcPort())
        .usePlaintext()
        .build();
  }

  private static long datasetType(MetadataStoreServiceBlockingStub api) {
    return api.putArtifactType(
            PutArtifactTypeRequest.newBuilder()
                .setArtifactType(ArtifactType.newBuilder().setName("Dataset"))
                .build())
        .getTypeId();
  }

  private static void put(MetadataStoreServiceBlockingStub api, long type, String uri) {
    api.putArtifacts(
        PutArtifactsRequest.newBuilder()
            .addArtifacts(Artifact.newBuilder().setTypeId(type).setUri(uri))
            .build());
  }

  private static long searchHits(MnemosServices services, String text) {
    try {
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + services.httpPort() + "/graphql"))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"query\":\"{ search(input: {text: \\\""
                                  + text
                                  + "\\\"}) { totalHits } }\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      int at = body.indexOf("\"totalHits\":");
      return at < 0 ? -1 : Long.parseLong(body.substring(at + 12).replaceAll("[^0-9].*", ""));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
