-- Mnemos' tenancy tables, beyond MLMD schema 10. mnemos_node_namespace holds the namespace of
-- each node as docs/security.md derives it (its own `namespace` property, else its contexts',
-- parents' or producer's), '' for none, kept in step inside each write transaction while
-- authentication is on, so that reads can keep to the namespaces a caller may read without walking
-- contexts. The MLMD library neither reads nor writes them; mnemos_tenancy_state says whether the
-- table is complete. Run once, when mnemos_tenancy_state is absent.
CREATE TABLE IF NOT EXISTS mnemos_node_namespace (
  node_kind INT NOT NULL,
  node_id INT NOT NULL,
  namespace VARCHAR(255) NOT NULL,
  PRIMARY KEY (node_kind, node_id)
);
CREATE INDEX IF NOT EXISTS idx_mnemos_node_namespace
  ON mnemos_node_namespace (namespace, node_kind, node_id);
CREATE TABLE IF NOT EXISTS mnemos_tenancy_state (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  value VARCHAR(4096) NOT NULL
);
