"""Three Mnemos processes on one MariaDB or PostgreSQL database, as the replicas of one Deployment.

Started at once (one creates the schema, the others wait for it), each with its own search index,
written to concurrently through the official client (each writer on its own replica); then every
replica answers alike, every replica's run summaries count every run (they are written in each
write's transaction), and each replica's search index finds what another wrote. The search lag
from one replica to the others is printed; docs/deploy.md keeps the figure.
"""

import concurrent.futures
import os
import tempfile
import time

import pytest
from ml_metadata.proto import metadata_store_pb2 as mlmd

import conftest
import mnemos_harness

REPLICAS = 3
RUNS_PER_REPLICA = 15


SERVERS = [backend for backend in conftest.backends() if backend != "sqlite"]


@pytest.fixture(params=SERVERS or ["none"])
def replicas(request):
  if request.param == "none":
    if os.environ.get("CI") == "true":
      pytest.fail("CI runs the replicas on MariaDB and PostgreSQL")
    pytest.skip("needs MariaDB (MNEMOS_TEST_MYSQL_HOST) or PostgreSQL (MNEMOS_TEST_POSTGRES_HOST)")
  with tempfile.TemporaryDirectory() as directory:
    database = conftest.Database(request.param, directory)
    started, failures = on_each_replica(
        lambda index: mnemos_harness.MnemosProcess(database.args, start_timeout=120))
    try:
      assert not failures, failures  # each with the server's output
      yield started
    finally:
      for server in started:
        server.stop()
      database.drop()


def on_each_replica(work):
  """Runs work(index) for every replica at once; returns what succeeded and what was raised."""
  with concurrent.futures.ThreadPoolExecutor(REPLICAS) as pool:
    futures = [pool.submit(work, index) for index in range(REPLICAS)]
  done = [f.result() for f in futures if f.exception() is None]
  return done, [f.exception() for f in futures if f.exception() is not None]


def types(store):
  return dict(
      dataset=store.put_artifact_type(mlmd.ArtifactType(name="system.Dataset")),
      model=store.put_artifact_type(mlmd.ArtifactType(name="system.Model")),
      step=store.put_execution_type(mlmd.ExecutionType(name="system.ContainerExecution")),
      run=store.put_context_type(mlmd.ContextType(name="system.PipelineRun")))


def one_run(store, prefix, run, word="model"):
  """A KFP-shaped run: its context, one step reading a dataset and writing a model."""
  t = types(store)
  dataset = mlmd.Artifact(type_id=t["dataset"], uri="s3://data/%s/%d/raw" % (prefix, run))
  model = mlmd.Artifact(type_id=t["model"], uri="s3://models/%s/%d/%s" % (prefix, run, word))
  store.put_execution(
      mlmd.Execution(type_id=t["step"], last_known_state=mlmd.Execution.COMPLETE),
      [(dataset, mlmd.Event(type=mlmd.Event.INPUT)), (model, mlmd.Event(type=mlmd.Event.OUTPUT))],
      [mlmd.Context(type_id=t["run"], name="%s-run-%d" % (prefix, run))])


def contents(store):
  """Everything a replica answers, in id order, as bytes."""
  def by_id(nodes):
    return [n.SerializeToString(deterministic=True) for n in sorted(nodes, key=lambda n: n.id)]

  executions = store.get_executions()
  events = sorted(store.get_events_by_execution_ids([e.id for e in executions]),
                  key=lambda e: (e.execution_id, e.artifact_id))
  return (by_id(store.get_artifacts()), by_id(executions), by_id(store.get_contexts()),
          [e.SerializeToString(deterministic=True) for e in events])


def test_three_replicas_answer_alike_and_search_converges(replicas, capsys):
  def write(index):
    store = replicas[index].store()
    for run in range(RUNS_PER_REPLICA):
      one_run(store, "r%d" % index, run)

  _, failures = on_each_replica(write)
  assert not failures, failures

  answers = [contents(server.store()) for server in replicas]
  assert len(answers[0][0]) == 2 * REPLICAS * RUNS_PER_REPLICA
  for answer in answers[1:]:
    assert answer == answers[0]
  for server in replicas:
    count = server.graphql("{ runs { totalCount } }")["data"]["runs"]["totalCount"]
    assert count == REPLICAS * RUNS_PER_REPLICA

  word = "zebra%d" % time.time_ns()
  written = time.monotonic()
  one_run(replicas[0].store(), "lag", 0, word)
  query = '{ search(input: {text: "%s"}) { totalHits } }' % word
  for index, server in enumerate(replicas[1:], start=1):
    deadline = written + 60
    while server.graphql(query)["data"]["search"]["totalHits"] != 1:
      assert time.monotonic() < deadline, "replica %d did not find replica 0's write within 60 s" % index
      time.sleep(0.05)
    with capsys.disabled():
      print("search lag, replica 0 to replica %d: %d ms" % (index, (time.monotonic() - written) * 1000))
