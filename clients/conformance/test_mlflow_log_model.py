"""A training script as MLflow 3 users write it, unchanged, against Mnemos: a run logs a metric and a
model (``mlflow.pyfunc.log_model``: a logged model created, its artifacts written by the client to
the experiment's file: location, the run's output recorded, the run's metric copied to the model,
the model finalized), then the model is loaded back by its ``models:/`` URI and predicts, and the
model is found by search and in the MLMD graph as an artifact the run's execution wrote."""

import os
import tempfile

import mlflow
import mlflow.pyfunc
import mlflow.telemetry.client
import pandas as pd
from ml_metadata.proto import metadata_store_pb2 as mlmd
from mlflow import MlflowClient

# No retries of answers of status 500 (mnemos_harness, which conftest imports before this module,
# keeps MLflow's clients from reporting usage).
import mlflow_differential  # noqa: F401
import mnemos_harness


class AddOne(mlflow.pyfunc.PythonModel):
  def predict(self, context, model_input: pd.DataFrame) -> pd.DataFrame:
    return model_input + 1


def test_a_logged_model_is_stored_found_loaded_and_in_lineage():
  assert mlflow.telemetry.client.get_telemetry_client() is None, "MLflow would report usage beyond this machine"
  with tempfile.TemporaryDirectory() as directory:
    server = mnemos_harness.MnemosProcess(
        ["--db", "jdbc:sqlite:" + os.path.join(directory, "mnemos.db"),
         "--mlflow_default_artifact_root", "file://" + os.path.join(directory, "artifacts")])
    try:
      uri = "http://127.0.0.1:%d" % server.http_port
      mlflow.set_tracking_uri(uri)
      experiment = mlflow.set_experiment("log-model")
      with mlflow.start_run() as run:
        mlflow.log_metric("accuracy", 0.93, step=0)
        info = mlflow.pyfunc.log_model(name="add-one", python_model=AddOne(),
                                       input_example=pd.DataFrame({"x": [1.0]}))

      client = MlflowClient(uri)
      model = client.get_logged_model(info.model_id)
      assert model.name == "add-one"
      assert str(model.status) == "READY"
      assert model.source_run_id == run.info.run_id
      assert model.artifact_location.startswith("file://" + directory)
      assert [(m.key, m.value, m.run_id) for m in model.metrics] == [("accuracy", 0.93, run.info.run_id)]
      outputs = client.get_run(run.info.run_id).outputs.model_outputs
      assert [(o.model_id, o.step) for o in outputs] == [(info.model_id, 0)]
      assert [m.model_id for m in client.search_logged_models([experiment.experiment_id])] == [info.model_id]

      loaded = mlflow.pyfunc.load_model("models:/" + info.model_id)
      assert loaded.predict(pd.DataFrame({"x": [1.0, 2.0]}))["x"].tolist() == [2.0, 3.0]

      store = server.store()
      [artifact] = [a for a in store.get_artifacts_by_type("mlflow.LoggedModel")]
      assert artifact.uri == model.artifact_location
      assert artifact.state == mlmd.Artifact.LIVE
      [event] = store.get_events_by_artifact_ids([artifact.id])
      assert event.type == mlmd.Event.OUTPUT
      [execution] = store.get_executions_by_id([event.execution_id])
      assert execution.name == run.info.run_id
    finally:
      mlflow.set_tracking_uri(None)
      server.stop()
