"""A model registered as MLflow 3 users register one, unchanged, against Mnemos: ``log_model`` with
``registered_model_name`` creates the registered model and its first version from the logged model;
a second run registers version 2; an alias and a stage pick the version to serve, and the model
loads and predicts by ``models:/name@alias``, ``models:/name/1`` and ``models:/name/Production``.
In the MLMD graph each version is an artifact that its run's execution wrote, attributed to the
registered model's context together with the logged model it came from."""

import json
import os
import tempfile

import mlflow
import mlflow.pyfunc
import pandas as pd
from ml_metadata.proto import metadata_store_pb2 as mlmd
from mlflow import MlflowClient

# No retries of answers of status 500 (mnemos_harness, which conftest imports before this module,
# keeps MLflow's clients from reporting usage).
import mlflow_differential  # noqa: F401
import mnemos_harness
import test_graphql


class AddConstant(mlflow.pyfunc.PythonModel):
  def __init__(self, constant):
    self.constant = constant

  def predict(self, context, model_input: pd.DataFrame) -> pd.DataFrame:
    return model_input + self.constant


def _train(constant):
  with mlflow.start_run() as run:
    mlflow.log_metric("accuracy", 0.9 + constant / 100, step=0)
    info = mlflow.pyfunc.log_model(
      name="adder",
      python_model=AddConstant(constant),
      input_example=pd.DataFrame({"x": [1.0]}),
      registered_model_name="churn-adder",
    )
  return run, info


def test_registered_versions_are_served_by_alias_version_and_stage_and_in_lineage():
  with tempfile.TemporaryDirectory() as directory:
    server = mnemos_harness.MnemosProcess(
      [
        "--db",
        "jdbc:sqlite:" + os.path.join(directory, "mnemos.db"),
        "--mlflow_default_artifact_root",
        "file://" + os.path.join(directory, "artifacts"),
      ]
    )
    try:
      uri = "http://127.0.0.1:%d" % server.http_port
      mlflow.set_tracking_uri(uri)
      mlflow.set_registry_uri(uri)
      mlflow.set_experiment("registry")
      first_run, first = _train(1)
      second_run, second = _train(2)
      assert (first.registered_model_version, second.registered_model_version) == ("1", "2")

      client = MlflowClient(uri)
      client.set_registered_model_alias("churn-adder", "champion", "1")
      client.transition_model_version_stage("churn-adder", "2", "Production")
      client.set_model_version_tag("churn-adder", "2", "validated", "yes")

      frame = pd.DataFrame({"x": [1.0, 2.0]})
      assert mlflow.pyfunc.load_model("models:/churn-adder@champion").predict(frame)["x"].tolist() == [2.0, 3.0]
      assert mlflow.pyfunc.load_model("models:/churn-adder/2").predict(frame)["x"].tolist() == [3.0, 4.0]
      assert mlflow.pyfunc.load_model("models:/churn-adder/Production").predict(frame)["x"].tolist() == [3.0, 4.0]

      model = client.get_registered_model("churn-adder")
      assert model.aliases == {"champion": "1"}
      assert sorted((v.version, v.current_stage) for v in model.latest_versions) == [("1", "None"), ("2", "Production")]
      version = client.get_model_version("churn-adder", "1")
      assert (version.run_id, version.aliases) == (first_run.info.run_id, ["champion"])
      assert version.source == "models:/" + first.model_id
      assert (
        client.get_model_version_download_uri("churn-adder", "2")
        == client.get_logged_model(second.model_id).artifact_location
      )
      assert [v.version for v in client.search_model_versions("tags.validated = 'yes'")] == ["2"]
      # As MLflow's server answers: its own entry (a number), then the client's (text).
      assert json.loads(client.get_logged_model(first.model_id).tags["mlflow.modelVersions"]) == [
        {"name": "churn-adder", "version": 1},
        {"name": "churn-adder", "version": "1"},
      ]

      store = server.store()
      [context] = store.get_contexts_by_type("mlflow.RegisteredModel")
      assert context.name == "churn-adder"
      versions = {a.properties["version"].int_value: a for a in store.get_artifacts_by_type("mlflow.ModelVersion")}
      assert sorted(versions) == [1, 2]
      for number, run in ((1, first_run), (2, second_run)):
        [event] = store.get_events_by_artifact_ids([versions[number].id])
        assert event.type == mlmd.Event.OUTPUT
        [execution] = store.get_executions_by_id([event.execution_id])
        assert execution.name == run.info.run_id
      attributed = {a.id for a in store.get_artifacts_by_context(context.id)}
      logged = {a.id for a in store.get_artifacts_by_type("mlflow.LoggedModel")}
      assert attributed == {v.id for v in versions.values()} | logged

      # GraphQL's search finds the registered model and its versions by the model's name.
      test_graphql.wait_for_search(server)
      hits = server.graphql('{ search(input: {text: "churn-adder"}) { edges { node { node { typeName } } } } }')
      found = sorted(edge["node"]["node"]["typeName"] for edge in hits["data"]["search"]["edges"])
      assert found.count("mlflow.ModelVersion") == 2 and "mlflow.RegisteredModel" in found, hits

      client.delete_registered_model("churn-adder")
      assert client.search_registered_models() == []
      assert store.get_artifacts_by_type("mlflow.ModelVersion")[0].state == mlmd.Artifact.DELETED
    finally:
      mlflow.set_tracking_uri(None)
      mlflow.set_registry_uri(None)
      server.stop()
