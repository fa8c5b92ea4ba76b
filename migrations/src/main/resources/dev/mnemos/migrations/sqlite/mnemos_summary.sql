-- Mnemos' summary tables, beyond MLMD schema 10: runs and their parameters and scalar metrics,
-- kept in step with MLMD's tables inside each write transaction, so run listings, metric sorting
-- and aggregation never scan property rows. The MLMD library neither reads nor writes them;
-- mnemos_summary_state records which settings they were built for. Run once, when
-- mnemos_summary_state is absent.
CREATE TABLE `mnemos_run` (
  `run_id` INTEGER NOT NULL PRIMARY KEY,
  `name` VARCHAR(255) NOT NULL,
  `pipeline_name` VARCHAR(255),
  `state` INTEGER NOT NULL,
  `execution_count` INTEGER NOT NULL,
  `start_time_since_epoch` INTEGER NOT NULL,
  `end_time_since_epoch` INTEGER
);
CREATE INDEX `idx_mnemos_run_pipeline_start`
  ON `mnemos_run` (`pipeline_name`, `start_time_since_epoch`);
CREATE INDEX `idx_mnemos_run_start` ON `mnemos_run` (`start_time_since_epoch`);
CREATE TABLE `mnemos_run_parameter` (
  `run_id` INTEGER NOT NULL,
  `execution_id` INTEGER NOT NULL,
  `name` VARCHAR(255) NOT NULL,
  `json_value` TEXT NOT NULL,
  `double_value` REAL,
  PRIMARY KEY (`run_id`, `execution_id`, `name`)
);
CREATE INDEX `idx_mnemos_run_parameter_execution`
  ON `mnemos_run_parameter` (`execution_id`);
CREATE INDEX `idx_mnemos_run_parameter_name`
  ON `mnemos_run_parameter` (`name`, `double_value`);
CREATE TABLE `mnemos_metric` (
  `source_kind` INTEGER NOT NULL,
  `source_id` INTEGER NOT NULL,
  `run_id` INTEGER NOT NULL,
  `name` VARCHAR(255) NOT NULL,
  `value` REAL NOT NULL,
  `pipeline_name` VARCHAR(255),
  `execution_id` INTEGER,
  `execution_type_id` INTEGER,
  PRIMARY KEY (`source_kind`, `source_id`, `run_id`, `name`)
);
CREATE INDEX `idx_mnemos_metric_name_pipeline`
  ON `mnemos_metric` (`name`, `pipeline_name`, `value`);
CREATE INDEX `idx_mnemos_metric_run` ON `mnemos_metric` (`run_id`, `name`);
CREATE TABLE `mnemos_summary_state` (
  `name` VARCHAR(64) NOT NULL PRIMARY KEY,
  `value` VARCHAR(4096) NOT NULL
);
