-- Schema 9 -> 10: property values of kind PROTO and BOOLEAN.
ALTER TABLE `ArtifactProperty` ADD COLUMN `proto_value` MEDIUMBLOB, ADD COLUMN `bool_value` BOOLEAN;
ALTER TABLE `ExecutionProperty` ADD COLUMN `proto_value` MEDIUMBLOB, ADD COLUMN `bool_value` BOOLEAN;
ALTER TABLE `ContextProperty` ADD COLUMN `proto_value` MEDIUMBLOB, ADD COLUMN `bool_value` BOOLEAN;
