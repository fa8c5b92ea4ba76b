package dev.mnemos.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutArtifactsRequest;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.store.MetadataStore;
import dev.mnemos.server.testing.Await;
import dev.mnemos.server.testing.Backend;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index's disk fills up under it, then has room again: meanwhile the index says what is wrong,
 * and afterwards it reopens itself and catches up, with no restart.
 */
class SearchIndexRecoveryTest {

  /** A directory whose disk the test can fill: every new file fails as on ENOSPC. */
  private static final class FillableDirectory extends FilterDirectory {
    volatile boolean full;

    FillableDirectory(Directory in) {
      super(in);
    }

    private void refuseIfFull() throws IOException {
      if (full) {
        throw new IOException("No space left on device");
      }
    }

    @Override
    public IndexOutput createOutput(String name, IOContext context) throws IOException {
      refuseIfFull();
      return super.createOutput(name, context);
    }

    @Override
    public IndexOutput createTempOutput(String prefix, String suffix, IOContext context)
        throws IOException {
      refuseIfFull();
      return super.createTempOutput(prefix, suffix, context);
    }

    @Override
    public void sync(Collection<String> names) throws IOException {
      refuseIfFull();
      super.sync(names);
    }
  }

  @Test
  void aFullDiskIsReportedAndTheIndexHealsWhenThereIsRoomAgain(@TempDir Path dir) throws Exception {
    try (Backend.FreshDatabase database = Backend.SQLITE.freshDatabase();
        MetadataStore store = MetadataStore.open(DatabaseSettings.of(database.jdbcUrl()))) {
      FillableDirectory disk = new FillableDirectory(FSDirectory.open(dir));
      try (SearchIndex index = SearchIndex.open(store, disk, Duration.ofMillis(200))) {
        long type =
            store
                .types()
                .putArtifactType(
                    PutArtifactTypeRequest.newBuilder()
                        .setArtifactType(ArtifactType.newBuilder().setName("Dataset"))
                        .build())
                .getTypeId();
        put(store, type, "s3://bucket/before");
        assertThat(index.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        assertThat(found(index, store, "before")).isEqualTo(1);

        disk.full = true;
        put(store, type, "s3://bucket/during");
        Await.until(
            "the failure reported", Duration.ofSeconds(60), () -> index.problem().isPresent());
        assertThat(index.status().problem()).isPresent();

        disk.full = false;
        Await.until(
            "the index healed",
            Duration.ofSeconds(60),
            () -> index.problem().isEmpty() && found(index, store, "during") == 1);
        put(store, type, "s3://bucket/after");
        assertThat(index.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        assertThat(found(index, store, "before")).isEqualTo(1);
        assertThat(found(index, store, "after")).isEqualTo(1);
        assertThat(index.status().problem()).isEmpty();
      }
    }
  }

  private static void put(MetadataStore store, long type, String uri) {
    store
        .nodes()
        .putArtifacts(
            PutArtifactsRequest.newBuilder()
                .addArtifacts(Artifact.newBuilder().setTypeId(type).setUri(uri))
                .build());
  }

  private static long found(SearchIndex index, MetadataStore store, String word) {
    return index
        .search(
            store.graph(),
            new SearchIndex.Request(
                "uri:" + word,
                Set.of(),
                Set.of(),
                10,
                Optional.empty(),
                false,
                Duration.ofSeconds(30)))
        .totalHits();
  }
}
