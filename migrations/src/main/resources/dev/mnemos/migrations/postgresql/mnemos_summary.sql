-- Mnemos' summary tables, beyond MLMD schema 10: runs and their parameters and scalar metrics,
-- kept in step with MLMD's tables inside each write transaction, so run listings, metric sorting
-- and aggregation never scan property rows. The MLMD library neither reads nor writes them;
-- mnemos_summary_state records which settings they were built for. Run once, when
-- mnemos_summary_state is absent.
CREATE TABLE IF NOT EXISTS mnemos_run (
  run_id INT NOT NULL,
  name VARCHAR(255) NOT NULL,
  pipeline_name VARCHAR(255),
  state INT NOT NULL,
  execution_count INT NOT NULL,
  start_time_since_epoch BIGINT NOT NULL,
  end_time_since_epoch BIGINT,
  PRIMARY KEY (run_id)
);
CREATE INDEX IF NOT EXISTS idx_mnemos_run_pipeline_start
  ON mnemos_run (pipeline_name, start_time_since_epoch);
CREATE INDEX IF NOT EXISTS idx_mnemos_run_start ON mnemos_run (start_time_since_epoch);
CREATE TABLE IF NOT EXISTS mnemos_run_parameter (
  run_id INT NOT NULL,
  execution_id INT NOT NULL,
  name VARCHAR(255) NOT NULL,
  json_value TEXT NOT NULL,
  double_value DOUBLE PRECISION,
  PRIMARY KEY (run_id, execution_id, name)
);
CREATE INDEX IF NOT EXISTS idx_mnemos_run_parameter_execution
  ON mnemos_run_parameter (execution_id);
CREATE INDEX IF NOT EXISTS idx_mnemos_run_parameter_name
  ON mnemos_run_parameter (name, double_value);
CREATE TABLE IF NOT EXISTS mnemos_metric (
  source_kind INT NOT NULL,
  source_id INT NOT NULL,
  run_id INT NOT NULL,
  name VARCHAR(255) NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  pipeline_name VARCHAR(255),
  execution_id INT,
  execution_type_id INT,
  PRIMARY KEY (source_kind, source_id, run_id, name)
);
CREATE INDEX IF NOT EXISTS idx_mnemos_metric_name_pipeline
  ON mnemos_metric (name, pipeline_name, value);
CREATE INDEX IF NOT EXISTS idx_mnemos_metric_run ON mnemos_metric (run_id, name);
CREATE TABLE IF NOT EXISTS mnemos_summary_state (
  name VARCHAR(64) NOT NULL,
  value VARCHAR(4096) NOT NULL,
  PRIMARY KEY (name)
);
