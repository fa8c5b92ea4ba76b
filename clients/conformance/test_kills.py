"""Kill -9 under load: no acknowledged write is lost and none is left half-written.

Six writers put executions (each with an output artifact, its event and a new run context, one
PutExecution call) through the official client as fast as the server takes them, while the server
is killed with SIGKILL at random moments and started again on the same data. Afterwards every
acknowledged call must be there in full, and every execution in the store, acknowledged or not,
must be whole: its artifact, event and context with it.
"""

import random
import shutil
import tempfile
import threading
import time

from ml_metadata.proto import metadata_store_pb2 as mlmd

import mnemos_harness

WRITERS = 6
KILLS = 5


class Server:
  """The current server process; writers pick up the new one after each kill."""

  def __init__(self, args):
    self.args = args
    self.lock = threading.Lock()
    self.generation = 0
    self.process = mnemos_harness.MnemosProcess(args)

  def kill_and_restart(self):
    with self.lock:
      self.process.process.kill()
      self.process.process.wait()
      self.process = mnemos_harness.MnemosProcess(self.args)
      self.generation += 1

  def store(self):
    with self.lock:
      return self.generation, self.process.store()


def write(server, types, number, acknowledged, stop):
  generation, store = server.store()
  count = 0
  while not stop.is_set():
    if server.generation != generation:
      generation, store = server.store()
    name = "w%d-%d" % (number, count)
    count += 1
    execution = mlmd.Execution(type_id=types["execution"], name=name, last_known_state=mlmd.Execution.COMPLETE)
    artifact = mlmd.Artifact(type_id=types["artifact"], uri="gs://kills/" + name)
    context = mlmd.Context(type_id=types["context"], name="run-" + name)
    try:
      execution_id, [artifact_id], [context_id] = store.put_execution(
          execution, [(artifact, mlmd.Event(type=mlmd.Event.OUTPUT))], [context])
    except Exception:  # the server died under the call: not acknowledged
      time.sleep(0.05)
      continue
    acknowledged.append((execution_id, artifact_id, context_id))


def test_kills_under_load_lose_no_acknowledged_write(database, request):
  data_dir = tempfile.mkdtemp(prefix="mnemos-kills-")
  server = Server(database.args + ["--data_dir", data_dir])
  _, store = server.store()
  types = {
      "execution": store.put_execution_type(mlmd.ExecutionType(name="Trainer")),
      "artifact": store.put_artifact_type(mlmd.ArtifactType(name="Model")),
      "context": store.put_context_type(mlmd.ContextType(name="Run")),
  }
  acknowledged = []
  stop = threading.Event()
  writers = [threading.Thread(target=write, args=(server, types, n, acknowledged, stop)) for n in range(WRITERS)]
  for writer in writers:
    writer.start()
  chance = random.Random(13)
  try:
    for _ in range(KILLS):
      before = len(acknowledged)
      deadline = time.time() + 60
      # Kill only while writes are flowing, at a random moment among them.
      while len(acknowledged) < before + 20 and time.time() < deadline:
        time.sleep(0.05)
      time.sleep(chance.uniform(0, 0.5))
      server.kill_and_restart()
    time.sleep(1)
  finally:
    stop.set()
    for writer in writers:
      writer.join()

  _, store = server.store()
  try:
    assert len(acknowledged) > KILLS * 20
    executions = {e.id: e for e in store.get_executions()}
    missing = [a for a in acknowledged if a[0] not in executions]
    assert missing == [], "acknowledged executions lost to a kill"
    # Whole: every execution, acknowledged or not, with its artifact, event and context.
    events = {e.execution_id: e for e in store.get_events_by_execution_ids(list(executions))}
    assert set(events) == set(executions), "executions without their event"
    artifacts = {a.id for a in store.get_artifacts_by_id([e.artifact_id for e in events.values()])}
    assert artifacts == {e.artifact_id for e in events.values()}
    for execution_id, artifact_id, _ in acknowledged:
      assert events[execution_id].artifact_id == artifact_id
    by_context = {}
    for context in store.get_contexts():
      for execution in store.get_executions_by_context(context.id):
        by_context[execution.id] = context.id
    assert set(by_context) == set(executions), "executions without their context"
    assert all(by_context[e] == c for e, _, c in acknowledged)
    # Past pytest's capture, so the figures show in CI logs.
    with request.config.pluginmanager.get_plugin("capturemanager").global_and_fixture_disabled():
      print("\nkills (%s): %d kills under %d writers, %d acknowledged calls, %d executions stored, 0 lost"
            % (database.backend, KILLS, WRITERS, len(acknowledged), len(executions)))
  finally:
    server.process.stop()
    shutil.rmtree(data_dir, ignore_errors=True)
