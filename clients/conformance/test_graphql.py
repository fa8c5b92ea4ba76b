"""The README's walk-through, checked: a pipeline recorded through the official client (or by the
MLMD library itself, before Mnemos ever saw the database) answers GraphQL questions over HTTP."""

import os
import re
import subprocess
import sys
import time

import mnemos_harness

sys.path.insert(0, os.path.join(mnemos_harness.REPO, "docs", "examples"))
import record_pipeline  # noqa: E402  (the example the docs show)


def wait_for_search(server):
  deadline = time.time() + 30
  while time.time() < deadline:
    status = server.graphql("{ searchStatus { lagMillis } }")["data"]["searchStatus"]
    if status["lagMillis"] == 0:
      return
    time.sleep(0.1)
  raise AssertionError("search index still behind after 30 s")


def check_answers(server):
  runs = server.graphql(
      '{ runs(input: {pipeline: "churn", orderBy: {field: METRIC, metric: "accuracy"}}) {'
      ' nodes { name state parameters { name value } metrics { name value } } } }')
  nodes = runs["data"]["runs"]["nodes"]
  assert [run["name"] for run in nodes] == ["run-2", "run-1"]
  assert nodes[0]["state"] == "COMPLETE"
  assert {"name": "learning_rate", "value": 0.05} in nodes[0]["parameters"]
  assert {"name": "accuracy", "value": 0.93} in nodes[0]["metrics"]

  models = server.graphql(
      '{ artifacts(input: {type: "system.Model", filter: "uri LIKE \'%run-2%\'"}) { nodes { id } } }')
  model_id = models["data"]["artifacts"]["nodes"][0]["id"]
  lineage = server.graphql(
      "query($id: Long!) { lineage(input: {start: [{kind: ARTIFACT, id: $id}], maxHops: 2}) {"
      " artifacts { typeName uri } truncated } }", {"id": model_id})
  types = [a["typeName"] for a in lineage["data"]["lineage"]["artifacts"]]
  assert "system.Dataset" in types, lineage

  average = server.graphql(
      '{ metricAggregate(input: {metric: "auc", groupBy: PIPELINE, fn: AVG}) { key value count } }')
  [group] = average["data"]["metricAggregate"]
  assert group["key"] == "churn" and group["count"] == 2 and abs(group["value"] - 0.93) < 1e-9

  wait_for_search(server)
  hits = server.graphql('{ search(input: {text: "type:Model uri:churn"}) { totalHits } }')
  assert hits["data"]["search"]["totalHits"] == 2


def test_a_recorded_pipeline_answers_graphql(mnemos):
  store = mnemos.store()
  record_pipeline.record(store, "run-1", 0.1, 0.87, 0.91)
  record_pipeline.record(store, "run-2", 0.05, 0.93, 0.95)
  check_answers(mnemos)


def test_a_database_the_mlmd_library_wrote_is_summarised_and_indexed_at_start(database):
  library = database.library()
  record_pipeline.record(library, "run-1", 0.1, 0.87, 0.91)
  record_pipeline.record(library, "run-2", 0.05, 0.93, 0.95)
  del library
  server = mnemos_harness.MnemosProcess(database.args)
  try:
    check_answers(server)
  finally:
    server.stop()


def test_the_example_can_run_twice_and_the_readmes_curl_answers(mnemos, capsys):
  record_pipeline.main(["127.0.0.1", str(mnemos.port)])
  assert "recorded run-1" in capsys.readouterr().out
  record_pipeline.main(["127.0.0.1", str(mnemos.port)])
  second = capsys.readouterr().out
  assert "run-1 is already recorded" in second and "run-2 is already recorded" in second

  # The README's curl, as a user would paste it, pointed at this server's port.
  with open(os.path.join(mnemos_harness.REPO, "README.md"), encoding="utf-8") as readme:
    [curl] = re.findall(r"^curl -s http://localhost:8081/graphql.*$", readme.read(), re.MULTILINE)
  answer = subprocess.run(
      ["bash", "-c", curl.replace("localhost:8081", f"localhost:{mnemos.http_port}")],
      check=True, capture_output=True, text=True).stdout
  assert '"name":"run-2"' in answer and '"errors"' not in answer, answer
