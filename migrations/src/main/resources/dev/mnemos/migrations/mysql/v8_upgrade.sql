-- Schema 7 -> 8: events become unique per (artifact, execution, type); property values get indexes.
-- MySQL commits each statement on its own, so the event table is rebuilt in steps that a run
-- killed anywhere can repeat: leftovers of an earlier try are dropped first, and the new table
-- replaces the old in one atomic RENAME (EventOld exists only once Event is the new table).
DROP TABLE IF EXISTS `EventOld`;
DROP TABLE IF EXISTS `EventTemp`;
CREATE TABLE `EventTemp` (
  `id` INT PRIMARY KEY AUTO_INCREMENT,
  `artifact_id` INT NOT NULL,
  `execution_id` INT NOT NULL,
  `type` INT NOT NULL,
  `milliseconds_since_epoch` BIGINT,
  CONSTRAINT `UniqueEvent` UNIQUE(`artifact_id`, `execution_id`, `type`)
);
INSERT IGNORE INTO `EventTemp` SELECT `id`, `artifact_id`, `execution_id`, `type`, `milliseconds_since_epoch` FROM `Event` ORDER BY `id`;
RENAME TABLE `Event` TO `EventOld`, `EventTemp` TO `Event`;
DROP TABLE `EventOld`;
DELETE FROM `EventPath` WHERE `event_id` NOT IN (SELECT `id` FROM `Event`);
CREATE INDEX `idx_event_execution_id` ON `Event`(`execution_id`);
CREATE INDEX `idx_artifact_property_int` ON `ArtifactProperty`(`name`, `is_custom_property`, `int_value`);
CREATE INDEX `idx_artifact_property_double` ON `ArtifactProperty`(`name`, `is_custom_property`, `double_value`);
CREATE INDEX `idx_artifact_property_string` ON `ArtifactProperty`(`name`, `is_custom_property`, `string_value`(255));
CREATE INDEX `idx_execution_property_int` ON `ExecutionProperty`(`name`, `is_custom_property`, `int_value`);
CREATE INDEX `idx_execution_property_double` ON `ExecutionProperty`(`name`, `is_custom_property`, `double_value`);
CREATE INDEX `idx_execution_property_string` ON `ExecutionProperty`(`name`, `is_custom_property`, `string_value`(255));
CREATE INDEX `idx_context_property_int` ON `ContextProperty`(`name`, `is_custom_property`, `int_value`);
CREATE INDEX `idx_context_property_double` ON `ContextProperty`(`name`, `is_custom_property`, `double_value`);
CREATE INDEX `idx_context_property_string` ON `ContextProperty`(`name`, `is_custom_property`, `string_value`(255));
