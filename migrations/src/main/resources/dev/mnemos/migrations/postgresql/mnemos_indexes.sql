-- Mnemos' own indexes, beyond MLMD schema 10: membership looked up from the node side (lineage
-- walks, contexts_ filters, GetContextsByArtifact/Execution). The MLMD library ignores them.
CREATE INDEX IF NOT EXISTS idx_mnemos_attribution_artifact_id ON attribution(artifact_id);
CREATE INDEX IF NOT EXISTS idx_mnemos_association_execution_id ON association(execution_id);
-- String property values indexed by their first 255 characters, as MySQL's prefix indexes do. The
-- MLMD library indexes the whole value, and then refuses any value whose index entry passes
-- PostgreSQL's limit (about 2.7 kB after compression: "index row size exceeds btree maximum"), such
-- as KFP's struct of a step's inputs; so an adopted database's whole-value index is replaced.
DROP INDEX IF EXISTS idx_artifact_property_string;
DROP INDEX IF EXISTS idx_execution_property_string;
DROP INDEX IF EXISTS idx_context_property_string;
CREATE INDEX IF NOT EXISTS idx_mnemos_artifact_property_string
  ON artifactproperty(name, is_custom_property, left(string_value, 255));
CREATE INDEX IF NOT EXISTS idx_mnemos_execution_property_string
  ON executionproperty(name, is_custom_property, left(string_value, 255));
CREATE INDEX IF NOT EXISTS idx_mnemos_context_property_string
  ON contextproperty(name, is_custom_property, left(string_value, 255));
