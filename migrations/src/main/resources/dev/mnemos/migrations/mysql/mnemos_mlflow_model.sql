-- MLflow's logged models, beyond MLMD schema 10: a logged model is an artifact of type
-- mlflow.LoggedModel named by its id. What MLMD has no place for lives here. The models a run
-- logged as outputs (with the step) or read as inputs, as MLflow keeps them: by model id, one row
-- per run, direction and model, whether the model is stored or not (MLflow does not check); a
-- stored one also has the OUTPUT or INPUT event from the run's execution, for lineage. And the
-- metrics logged to a model: artifact_id is the model's artifact, run_uuid the MLflow id of the
-- run that logged them (kept when that run is deleted, as MLflow keeps it); NaN is stored as 0 and
-- the infinities as the largest finite doubles, and read back so, as MLflow's table keeps them. Run
-- when a table is absent; the last statement creates a table, so an interrupted run is finished by
-- the next.
CREATE TABLE `mnemos_mlflow_run_model` (
  `run_id` INT NOT NULL,
  `direction` VARCHAR(6) NOT NULL,
  `model_id` VARCHAR(36) NOT NULL,
  `step` BIGINT NOT NULL,
  PRIMARY KEY (`run_id`, `direction`, `model_id`)
);
CREATE TABLE `mnemos_mlflow_model_metric` (
  `artifact_id` INT NOT NULL,
  `metric_key` VARCHAR(500) NOT NULL,
  `timestamp_ms` BIGINT NOT NULL,
  `step` BIGINT NOT NULL,
  `run_uuid` VARCHAR(32) NOT NULL,
  `value` DOUBLE NOT NULL,
  `dataset_name` VARCHAR(500),
  `dataset_digest` VARCHAR(36),
  PRIMARY KEY (`artifact_id`, `metric_key`, `timestamp_ms`, `step`, `run_uuid`)
);
