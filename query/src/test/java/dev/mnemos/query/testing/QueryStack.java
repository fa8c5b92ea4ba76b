package dev.mnemos.query.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.query.QueryLayer;
import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.grpc.MnemosGrpcServer;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.store.MetadataStore;
import dev.mnemos.server.testing.Backend;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Mnemos as one process runs it, for one test: the store on a fresh database, the query layer
 * attached (summaries, search index in a temporary folder), the real gRPC server on the in-process
 * transport for writes, and the GraphQL engine for questions.
 */
public final class QueryStack implements AutoCloseable {

  private final String jdbcUrl;
  private final Path indexFolder;
  private final MetadataStore store;
  private final QueryLayer layer;
  private final MnemosGrpcServer server;
  private final ManagedChannel channel;
  private boolean closed;

  private QueryStack(String jdbcUrl, Path indexFolder, QuerySettings settings) throws Exception {
    this.jdbcUrl = jdbcUrl;
    this.indexFolder = indexFolder;
    this.store = MetadataStore.open(DatabaseSettings.of(jdbcUrl));
    this.layer = QueryLayer.attach(store, indexFolder, settings);
    String name = InProcessServerBuilder.generateName();
    this.server =
        new MnemosGrpcServer(InProcessServerBuilder.forName(name).directExecutor(), store).start();
    this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  public static QueryStack start(Backend.FreshDatabase database) throws Exception {
    return start(database, QuerySettings.defaults());
  }

  public static QueryStack start(Backend.FreshDatabase database, QuerySettings settings)
      throws Exception {
    return new QueryStack(database.jdbcUrl(), Files.createTempDirectory("mnemos-index"), settings);
  }

  /** The same database and index folder, served again (a restart). */
  public QueryStack restart(QuerySettings settings) throws Exception {
    closeServing();
    return new QueryStack(jdbcUrl, indexFolder, settings);
  }

  public MetadataStoreServiceBlockingStub api() {
    return MetadataStoreServiceGrpc.newBlockingStub(channel);
  }

  public MetadataStore store() {
    return store;
  }

  public QueryLayer layer() {
    return layer;
  }

  /** The whole GraphQL response. */
  public Map<String, Object> graphql(String query) {
    return layer.engine().execute(query, null, Map.of(), Caller.OPEN);
  }

  /** The data of a query that must succeed. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> data(String query) {
    Map<String, Object> response = graphql(query);
    assertThat(response).as("errors of %s", query).doesNotContainKey("errors");
    return (Map<String, Object>) response.get("data");
  }

  /** The error codes of a query that must fail. */
  @SuppressWarnings("unchecked")
  public List<String> errorCodes(String query) {
    Map<String, Object> response = graphql(query);
    assertThat(response).as("response of %s", query).containsKey("errors");
    return ((List<Map<String, Object>>) response.get("errors"))
        .stream()
            .map(error -> (String) ((Map<String, Object>) error.get("extensions")).get("code"))
            .toList();
  }

  /** Waits until every committed write is searchable. */
  public void awaitSearch() throws InterruptedException {
    assertThat(layer.services().search().awaitCaughtUp(Duration.ofSeconds(30)))
        .as("search index caught up")
        .isTrue();
  }

  public long statements() {
    return store.database().statementCount();
  }

  private void closeServing() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    channel.shutdownNow();
    server.close();
    layer.close();
    store.close();
  }

  @Override
  public void close() throws Exception {
    closeServing();
    if (!Files.exists(indexFolder)) {
      return; // a restarted stack shares the folder and removed it already
    }
    try (var files = Files.walk(indexFolder)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
