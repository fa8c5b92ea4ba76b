package dev.mnemos.server.store;

import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.scope.ReadScope;
import java.util.function.Function;

/**
 * The protocol-neutral MLMD store: one object per database, grouping the operations by domain.
 * Transports (gRPC now, GraphQL later) only translate requests to these calls and {@link
 * StoreException}s to their own error form.
 */
public final class MetadataStore implements AutoCloseable {

  private final Database database;
  private final ReadScope scope;
  private final TypeOperations types;
  private final NodeOperations nodes;
  private final NodeListings listings;
  private final RelationOperations relations;
  private final LineageWrites lineageWrites;
  private final LineageOperations lineage;
  private final MetadataGraph graph;
  private final RunDeletions deletions;

  private MetadataStore(Database database, TypeOperations types, ReadScope scope) {
    this.database = database;
    this.scope = scope;
    this.types = types;
    this.nodes = new NodeOperations(database, types.service(), scope);
    this.listings = new NodeListings(database, types.service(), nodes, scope);
    this.relations = new RelationOperations(database, nodes, scope);
    this.lineageWrites = new LineageWrites(database, nodes, relations);
    this.lineage = new LineageOperations(database, nodes, relations, types.service(), scope);
    this.graph = new MetadataGraph(database, nodes, types.service(), relations.events(), scope);
    this.deletions = new RunDeletions(database);
  }

  /**
   * Opens the database, creating, adopting or (when enabled) upgrading its MLMD schema.
   *
   * @throws StoreException when the database cannot be reached or its schema cannot be served
   */
  public static MetadataStore open(DatabaseSettings settings) {
    Database database = Database.open(settings);
    database.addListener(new LinkedNodesCheck());
    return new MetadataStore(database, new TypeOperations(database), ReadScope.EVERYTHING);
  }

  /**
   * The same store whose reads (node lookups and listings, events, memberships, parent links,
   * lineage, filters' neighbours) keep to what {@code scope} sees, as if the database held nothing
   * else; writes and types are the store's own. A view costs a few small objects: make one per
   * request. Closing a view closes the store.
   */
  public MetadataStore scopedTo(ReadScope scope) {
    return scope == this.scope ? this : new MetadataStore(database, types, scope);
  }

  /** What this store's reads see. */
  public ReadScope scope() {
    return scope;
  }

  /**
   * The database under the store, for readers of derived tables and for {@link
   * dev.mnemos.server.change.ChangeListener}s that keep them; MLMD's tables are written only
   * through the operations above.
   */
  public Database database() {
    return database;
  }

  /** The typed read API, for every reader that does not speak MLMD's wire protocol. */
  public MetadataGraph graph() {
    return graph;
  }

  public TypeOperations types() {
    return types;
  }

  public NodeOperations nodes() {
    return nodes;
  }

  public NodeListings listings() {
    return listings;
  }

  public RelationOperations relations() {
    return relations;
  }

  public LineageWrites lineageWrites() {
    return lineageWrites;
  }

  public LineageOperations lineage() {
    return lineage;
  }

  /**
   * Makes {@code derivation} part of every write from now on (register it before the store takes
   * writes): the relations it adds commit or roll back with the write that implied them.
   */
  public void derive(WriteDerivation derivation) {
    database.addDerivation(
        (tx, written) ->
            derivation.derive(new GraphWriter(tx, nodes, relations, types.service()), written));
  }

  /**
   * Runs {@code work} in one write transaction through the typed write API: all of it is stored, or
   * none of it. A deadlock or a concurrent writer's conflict runs {@code work} again on a new
   * transaction, so it must do nothing but write through the writer it is given.
   */
  public <T> T write(Function<GraphWriter, T> work) {
    return database.write(tx -> work.apply(new GraphWriter(tx, nodes, relations, types.service())));
  }

  /** Deleting runs and what belongs only to them; writes, not scoped. */
  public RunDeletions deletions() {
    return deletions;
  }

  @Override
  public void close() {
    database.close();
  }
}
