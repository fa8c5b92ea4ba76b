-- The tags of the datasets a run logged as inputs (MLflow's input tags, such as mlflow.data.context),
-- beyond MLMD schema 10: the input itself is an INPUT event from the run's execution to the
-- dataset's artifact, and MLMD events have no properties. run_id is the run's MLMD context,
-- artifact_id the dataset's artifact; the key and value limits are MLflow's.
CREATE TABLE IF NOT EXISTS mnemos_mlflow_input_tag (
  run_id INT NOT NULL,
  artifact_id INT NOT NULL,
  tag_key VARCHAR(255) NOT NULL,
  tag_value VARCHAR(500) NOT NULL,
  PRIMARY KEY (run_id, artifact_id, tag_key)
);
