-- Schema 8 -> 9: external ids on types and nodes, unique and indexed. SQLite cannot add a column
-- with a UNIQUE constraint, so uniqueness comes from a unique index.
ALTER TABLE `Type` ADD COLUMN `external_id` VARCHAR(255);
ALTER TABLE `Artifact` ADD COLUMN `external_id` VARCHAR(255);
ALTER TABLE `Execution` ADD COLUMN `external_id` VARCHAR(255);
ALTER TABLE `Context` ADD COLUMN `external_id` VARCHAR(255);
CREATE UNIQUE INDEX IF NOT EXISTS `UniqueTypeExternalId` ON `Type`(`external_id`);
CREATE UNIQUE INDEX IF NOT EXISTS `UniqueArtifactExternalId` ON `Artifact`(`external_id`);
CREATE UNIQUE INDEX IF NOT EXISTS `UniqueExecutionExternalId` ON `Execution`(`external_id`);
CREATE UNIQUE INDEX IF NOT EXISTS `UniqueContextExternalId` ON `Context`(`external_id`);
CREATE INDEX IF NOT EXISTS `idx_type_external_id` ON `Type`(`external_id`);
CREATE INDEX IF NOT EXISTS `idx_artifact_external_id` ON `Artifact`(`external_id`);
CREATE INDEX IF NOT EXISTS `idx_execution_external_id` ON `Execution`(`external_id`);
CREATE INDEX IF NOT EXISTS `idx_context_external_id` ON `Context`(`external_id`);
