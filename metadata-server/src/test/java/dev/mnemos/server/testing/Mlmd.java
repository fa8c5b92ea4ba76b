package dev.mnemos.server.testing;

import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.ExecutionType;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutContextTypeRequest;
import dev.mnemos.proto.mlmd.PutExecutionTypeRequest;
import dev.mnemos.server.grpc.MnemosGrpcServer;
import dev.mnemos.server.store.DatabaseSettings;
import dev.mnemos.server.store.MetadataStore;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;

/**
 * A running Mnemos for one test: a store on a fresh database, the real gRPC server on the
 * in-process transport, and a blocking client stub. {@link #api()} is what tests talk to.
 */
public final class Mlmd implements AutoCloseable {

  private final Backend backend;
  private final Backend.FreshDatabase database;
  private final MetadataStore store;
  private final MnemosGrpcServer server;
  private final ManagedChannel channel;

  private Mlmd(
      Backend backend,
      Backend.FreshDatabase database,
      MetadataStore store,
      MnemosGrpcServer server,
      ManagedChannel channel) {
    this.backend = backend;
    this.database = database;
    this.store = store;
    this.server = server;
    this.channel = channel;
  }

  static Mlmd start(Backend backend) throws Exception {
    Backend.FreshDatabase database = backend.freshDatabase();
    MetadataStore store = MetadataStore.open(DatabaseSettings.of(database.jdbcUrl()));
    String name = InProcessServerBuilder.generateName();
    MnemosGrpcServer server =
        new MnemosGrpcServer(InProcessServerBuilder.forName(name).directExecutor(), store).start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    return new Mlmd(backend, database, store, server, channel);
  }

  public MetadataStoreServiceBlockingStub api() {
    return MetadataStoreServiceGrpc.newBlockingStub(channel);
  }

  /** Registers an artifact type without properties and returns its id. */
  public long artifactType(String name) {
    return api()
        .putArtifactType(
            PutArtifactTypeRequest.newBuilder()
                .setArtifactType(ArtifactType.newBuilder().setName(name))
                .build())
        .getTypeId();
  }

  /** Registers an execution type without properties and returns its id. */
  public long executionType(String name) {
    return api()
        .putExecutionType(
            PutExecutionTypeRequest.newBuilder()
                .setExecutionType(ExecutionType.newBuilder().setName(name))
                .build())
        .getTypeId();
  }

  /** Registers a context type without properties and returns its id. */
  public long contextType(String name) {
    return api()
        .putContextType(
            PutContextTypeRequest.newBuilder()
                .setContextType(ContextType.newBuilder().setName(name))
                .build())
        .getTypeId();
  }

  public ManagedChannel channel() {
    return channel;
  }

  /** The store behind {@link #api()}, for a second server over it. */
  public MetadataStore store() {
    return store;
  }

  public String jdbcUrl() {
    return database.jdbcUrl();
  }

  /** The kind of database under this store, for another one of the same kind. */
  public Backend backend() {
    return backend;
  }

  @Override
  public void close() throws Exception {
    channel.shutdownNow();
    server.close();
    store.close();
    database.close();
  }
}
