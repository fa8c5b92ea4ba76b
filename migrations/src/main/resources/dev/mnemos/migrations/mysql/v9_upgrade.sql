-- Schema 8 -> 9: external ids on types and nodes, unique and indexed.
ALTER TABLE `Type` ADD COLUMN `external_id` VARCHAR(255), ADD CONSTRAINT `UniqueTypeExternalId` UNIQUE(`external_id`);
ALTER TABLE `Artifact` ADD COLUMN `external_id` VARCHAR(255), ADD CONSTRAINT `UniqueArtifactExternalId` UNIQUE(`external_id`);
ALTER TABLE `Execution` ADD COLUMN `external_id` VARCHAR(255), ADD CONSTRAINT `UniqueExecutionExternalId` UNIQUE(`external_id`);
ALTER TABLE `Context` ADD COLUMN `external_id` VARCHAR(255), ADD CONSTRAINT `UniqueContextExternalId` UNIQUE(`external_id`);
CREATE INDEX `idx_type_external_id` ON `Type`(`external_id`);
CREATE INDEX `idx_artifact_external_id` ON `Artifact`(`external_id`);
CREATE INDEX `idx_execution_external_id` ON `Execution`(`external_id`);
CREATE INDEX `idx_context_external_id` ON `Context`(`external_id`);
