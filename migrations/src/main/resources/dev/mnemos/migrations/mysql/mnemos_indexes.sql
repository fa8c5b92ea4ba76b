-- Mnemos' own indexes, beyond MLMD schema 10: membership looked up from the node side (lineage
-- walks, contexts_ filters, GetContextsByArtifact/Execution). The MLMD library ignores them.
-- An index that exists already is reported as a duplicate key name and skipped.
CREATE INDEX `idx_mnemos_attribution_artifact_id` ON `Attribution`(`artifact_id`);
CREATE INDEX `idx_mnemos_association_execution_id` ON `Association`(`execution_id`);
