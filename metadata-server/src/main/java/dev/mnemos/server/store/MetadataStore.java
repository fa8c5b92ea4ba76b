package dev.mnemos.server.store;

import dev.mnemos.server.errors.StoreException;

/**
 * The protocol-neutral MLMD store: one object per database, grouping the operations by domain.
 * Transports (gRPC now, GraphQL later) only translate requests to these calls and {@link
 * StoreException}s to their own error form.
 */
public final class MetadataStore implements AutoCloseable {

  private final Database database;
  private final TypeOperations types;
  private final NodeOperations nodes;
  private final RelationOperations relations;
  private final LineageWrites lineageWrites;
  private final LineageOperations lineage;
  private final MetadataGraph graph;

  private MetadataStore(Database database) {
    this.database = database;
    this.types = new TypeOperations(database);
    this.nodes = new NodeOperations(database, types.service());
    this.relations = new RelationOperations(database, nodes);
    this.lineageWrites = new LineageWrites(database, nodes, relations);
    this.lineage = new LineageOperations(database, nodes, relations, types.service());
    this.graph = new MetadataGraph(database, nodes, types.service(), relations.events());
  }

  /**
   * Opens the database, creating, adopting or (when enabled) upgrading its MLMD schema.
   *
   * @throws StoreException when the database cannot be reached or its schema cannot be served
   */
  public static MetadataStore open(DatabaseSettings settings) {
    return new MetadataStore(Database.open(settings));
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

  public RelationOperations relations() {
    return relations;
  }

  public LineageWrites lineageWrites() {
    return lineageWrites;
  }

  public LineageOperations lineage() {
    return lineage;
  }

  @Override
  public void close() {
    database.close();
  }
}
