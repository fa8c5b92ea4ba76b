"""KFP's MLflow plugin speaks to MLflow from Go, with the standard HTTP client. clients/mlflow-go
calls the endpoints the plugin calls (KEP-12862: experiment by name or created, a parent run per
pipeline run, a nested run per task with log-batch and update, the nested runs found by search)
and checks each answer; it must pass against the real MLflow server and against Mnemos on every
backend alike."""

import os
import shutil
import subprocess

import pytest

import conftest
import mnemos_harness

GO_CLIENT = os.path.join(mnemos_harness.REPO, "clients", "mlflow-go")


def go():
  found = shutil.which("go") or ("/usr/local/go/bin/go" if os.path.exists("/usr/local/go/bin/go") else None)
  if found is None:
    if os.environ.get("CI") == "true":
      raise RuntimeError("CI needs Go to build clients/mlflow-go")
    pytest.skip("Go is not installed (README: Go 1.24 or newer)")
  return found


@pytest.fixture(scope="module")
def client(tmp_path_factory):
  binary = str(tmp_path_factory.mktemp("mlflow-go") / "mlflow-go")
  subprocess.run([go(), "build", "-o", binary, "."], cwd=GO_CLIENT, check=True,
                 env={**os.environ, "GOFLAGS": "-mod=mod", "CGO_ENABLED": "0"})
  return binary


def run(client, uri):
  completed = subprocess.run([client, uri], capture_output=True, text=True, timeout=120)
  assert completed.returncode == 0, completed.stdout + completed.stderr
  return completed.stdout


def test_the_go_client_is_right_about_mlflow(client):
  server = mnemos_harness.MlflowServer()
  try:
    assert "answered every call" in run(client, server.uri)
  finally:
    server.stop()


@pytest.mark.parametrize("backend", mnemos_harness.backends_for_module())
def test_mnemos_answers_the_go_client_as_mlflow_does(client, backend, tmp_path):
  database = conftest.Database(backend, str(tmp_path))
  mnemos = mnemos_harness.MnemosProcess(database.args)
  try:
    assert "answered every call" in run(client, "http://127.0.0.1:%d" % mnemos.http_port)
  finally:
    mnemos.stop()
    database.drop()
