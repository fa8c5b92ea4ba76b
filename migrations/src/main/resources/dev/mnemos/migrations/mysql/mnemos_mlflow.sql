-- MLflow's metric history, beyond MLMD schema 10 (MLMD has no time series): every value a run
-- logged through MLflow's tracking API, and per run and key the latest value (MLflow's order: the
-- highest step, then the latest timestamp, then the largest value) with the smallest and largest
-- of the values that are numbers (null while there is none), kept in the same transaction as the
-- history, so runs sort by a metric without reading it. run_id is the run's MLMD context. NaN is
-- stored as 0 with is_nan, infinities as the largest finite doubles, as MLflow's SQL store does;
-- a value logged twice at the same time and step is kept once, as there. Run when a table is
-- absent: the last statement creates a table, so an interrupted run is finished by the next.
CREATE TABLE `mnemos_mlflow_latest_metric` (
  `run_id` INT NOT NULL,
  `metric_key` VARCHAR(250) NOT NULL,
  `value` DOUBLE NOT NULL,
  `is_nan` BOOLEAN NOT NULL,
  `step` BIGINT NOT NULL,
  `timestamp_ms` BIGINT NOT NULL,
  `min_value` DOUBLE,
  `max_value` DOUBLE,
  `value_count` BIGINT NOT NULL,
  PRIMARY KEY (`run_id`, `metric_key`)
);
CREATE INDEX `idx_mnemos_mlflow_latest_metric_key`
  ON `mnemos_mlflow_latest_metric` (`metric_key`, `value`);
CREATE TABLE `mnemos_mlflow_metric` (
  `run_id` INT NOT NULL,
  `metric_key` VARCHAR(250) NOT NULL,
  `timestamp_ms` BIGINT NOT NULL,
  `step` BIGINT NOT NULL,
  `value` DOUBLE NOT NULL,
  `is_nan` BOOLEAN NOT NULL,
  PRIMARY KEY (`run_id`, `metric_key`, `timestamp_ms`, `step`, `value`, `is_nan`)
);
