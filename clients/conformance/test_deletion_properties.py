"""Deleting runs, checked by machine (#19): random lineage, random deletions, the MLMD library as reader.

Each round writes a random KFP-shaped history through the official client — runs under pipelines and
nested in runs, steps written as KFP v2 records them (one call, every artifact attributed) and as v1
does (inputs found by URI, not attributed), datasets shared by many runs and imported again in each,
cache hits pointing at an older run's outputs, registered and draft models — then deletes a random
set of runs twice, sometimes protecting registered models. Each deletion is a dry run through
GraphQL, then `mnemos gc` in random batch sizes (or paced by the server); afterwards:

- the dry run, the deletion and a second implementation of the rule written from
  docs/lifecycle.md (deletion_rule.py) remove the same nodes and retain the same runs;
- no event, path, membership, property or parent link refers to a missing row;
- the MLMD library, opening the same database, reads it without error (every read the official
  client offers), and every artifact, execution and context it lists is what it listed before
  less what was removed (a retained run differs only by its mark and update time);
- every node that stays keeps its origin chain (what it read, the step that first wrote it, and so
  on up), and the library's upstream lineage of each kept artifact holds that chain.

  MNEMOS_DELETION_ROUNDS=50 .venv/bin/python -m pytest clients/conformance/test_deletion_properties.py
"""

import json
import os
import random
import subprocess
import threading

import pytest
from ml_metadata import errors
from ml_metadata.proto import metadata_store_pb2 as mlmd

import deletion_rule
import mnemos_harness

ROUNDS = int(os.environ.get("MNEMOS_DELETION_ROUNDS", "8"))
SEED = int(os.environ.get("MNEMOS_FUZZ_SEED", "20261201"))
PROTECT = "type = 'system.Model' AND custom_properties.registered.bool_value = true"
RETAINED = "mnemos_retained_for_lineage"
RUN_TYPE = "system.PipelineRun"

DELETE = """mutation($input: DeleteRunsInput!) { deleteRuns(input: $input) {
  removedRunIds retainedRunIds removedExecutionIds removedArtifacts { id } } }"""


class History:
  """Writes a random KFP-shaped history through the official client."""

  def __init__(self, store, rng):
    self.store = store
    self.rng = rng
    self.pipeline_type = store.put_context_type(mlmd.ContextType(name="system.Pipeline"))
    self.run_type = store.put_context_type(mlmd.ContextType(name=RUN_TYPE))
    self.step_type = store.put_execution_type(mlmd.ExecutionType(name="system.ContainerExecution"))
    self.dataset_type = store.put_artifact_type(mlmd.ArtifactType(name="system.Dataset"))
    self.model_type = store.put_artifact_type(mlmd.ArtifactType(name="system.Model"))
    self.uris = 0

  def context(self, type_id, name):
    return self.store.put_contexts([mlmd.Context(type_id=type_id, name=name)])[0]

  def artifact(self, kind):
    self.uris += 1
    if kind == "model":
      artifact = mlmd.Artifact(type_id=self.model_type, uri="s3://b/model-%d" % self.uris)
      artifact.custom_properties["registered"].bool_value = self.rng.random() < 0.3
    else:
      artifact = mlmd.Artifact(type_id=self.dataset_type, uri="s3://b/data-%d" % self.uris)
    return artifact

  def write(self, prefix=""):
    rng = self.rng
    pipelines = [self.context(self.pipeline_type, "%spipeline-%d" % (prefix, i)) for i in range(rng.randint(1, 2))]
    shared = self.store.put_artifacts([self.artifact("data") for _ in range(2)])
    self.store.put_attributions_and_associations(
        [mlmd.Attribution(context_id=pipelines[0], artifact_id=shared[0])], [])
    runs, outputs, pipeline_of = [], {}, {}
    for i in range(rng.randint(5, 9)):
      nested = runs and rng.random() < 0.2
      parent = rng.choice(runs) if nested else rng.choice(pipelines)
      run = self.context(self.run_type, "%srun-%d" % (prefix, i))
      self.store.put_parent_contexts([mlmd.ParentContext(child_id=run, parent_id=parent)])
      pipeline_of[run] = pipeline_of[parent] if nested else parent
      runs.append(run)
      outputs[run] = []
      for _ in range(rng.randint(1, 4)):
        self.step(run, pipeline_of[run], shared, outputs)
    return runs

  def step(self, run, pipeline, shared, outputs):
    rng = self.rng
    earlier = [a for r, produced in outputs.items() if r != run for a in produced]
    pool = shared + outputs[run] + earlier
    inputs = rng.sample(pool, min(len(pool), rng.randint(0, 2)))
    style = rng.random()
    execution = mlmd.Execution(type_id=self.step_type, last_known_state=mlmd.Execution.COMPLETE)
    if style < 0.45:
      # KFP v2: one PutExecution; every artifact named is attributed to the run and its pipeline.
      existing = self.store.get_artifacts_by_id(inputs)
      new = [self.artifact(self.rng.choice(["data", "model"])) for _ in range(rng.randint(1, 2))]
      pairs = [(a, mlmd.Event(type=mlmd.Event.INPUT)) for a in existing]
      pairs += [(a, mlmd.Event(type=mlmd.Event.OUTPUT)) for a in new]
      contexts = self.store.get_contexts_by_id([pipeline, run])
      _, artifact_ids, _ = self.store.put_execution(execution, pairs, contexts)
      outputs[run].extend(artifact_ids[len(existing):])
    elif style < 0.75:
      # KFP v1: inputs found by URI and read, not attributed; outputs attributed to the run.
      [step] = self.store.put_executions([execution])
      new = self.store.put_artifacts([self.artifact("data") for _ in range(rng.randint(1, 2))])
      self.store.put_attributions_and_associations(
          [mlmd.Attribution(context_id=run, artifact_id=a) for a in new],
          [mlmd.Association(context_id=run, execution_id=step)])
      self.store.put_events(
          [mlmd.Event(artifact_id=a, execution_id=step, type=mlmd.Event.INPUT) for a in inputs]
          + [mlmd.Event(artifact_id=a, execution_id=step, type=mlmd.Event.OUTPUT) for a in new])
      outputs[run].extend(new)
    else:
      # A cache hit (an older run's output written again and attributed here) or a re-import of
      # a shared dataset.
      execution.last_known_state = mlmd.Execution.CACHED
      [step] = self.store.put_executions([execution])
      target = rng.choice(earlier) if earlier and rng.random() < 0.6 else rng.choice(shared)
      self.store.put_attributions_and_associations(
          [mlmd.Attribution(context_id=run, artifact_id=target)],
          [mlmd.Association(context_id=run, execution_id=step)])
      self.store.put_events([mlmd.Event(artifact_id=target, execution_id=step, type=mlmd.Event.OUTPUT)])


def origin_chains(snapshot, nodes):
  """Everything each node comes from within 10 hops: ('a', id) and ('e', id) pairs, by node."""
  origins = snapshot.first_writers()
  inputs = {}
  for _, artifact, execution, kind in snapshot.events:
    if kind not in {1, 4, 6, 7}:
      inputs.setdefault(execution, set()).add(artifact)
  chains = {}
  for node in nodes:
    seen, frontier = set(), {node}
    for _ in range(10):
      step = set()
      for kind, ident in frontier:
        if kind == "a" and ident in origins:
          step.add(("e", origins[ident]))
        if kind == "e":
          step |= {("a", a) for a in inputs.get(ident, ())}
      frontier = step - seen
      seen |= frontier
    chains[node] = seen
  return chains


def without_mark(context):
  copy = mlmd.Context()
  copy.CopyFrom(context)
  if RETAINED in copy.custom_properties:
    del copy.custom_properties[RETAINED]
  copy.ClearField("last_update_time_since_epoch")
  return copy


def dangling(snapshot):
  s = snapshot
  problems = [e for e in s.events if e[1] not in s.artifacts or e[2] not in s.executions]
  problems += [m for m in s.attributions if m[0] not in s.contexts or m[1] not in s.artifacts]
  problems += [m for m in s.associations if m[0] not in s.contexts or m[1] not in s.executions]
  problems += [p for p in s.parents if p[0] not in s.contexts or p[1] not in s.contexts]
  return problems


def dangling_rows(database):
  """Property and path rows whose owner is gone."""
  return deletion_rule.rows(database, """
    SELECT 'path', count(*) FROM EventPath p LEFT JOIN Event e ON e.id = p.event_id WHERE e.id IS NULL
    UNION ALL SELECT 'artifact property', count(*) FROM ArtifactProperty p
      LEFT JOIN Artifact a ON a.id = p.artifact_id WHERE a.id IS NULL
    UNION ALL SELECT 'execution property', count(*) FROM ExecutionProperty p
      LEFT JOIN Execution x ON x.id = p.execution_id WHERE x.id IS NULL
    UNION ALL SELECT 'context property', count(*) FROM ContextProperty p
      LEFT JOIN Context c ON c.id = p.context_id WHERE c.id IS NULL""")


def gc(server, runs, protect, batch):
  """Deletes the runs with `mnemos gc`, `batch` runs per transaction (None: the server's pace)."""
  command = mnemos_harness.java_command(["gc", "--server", "127.0.0.1:%d" % server.port, "--no-dry-run"])
  if batch is not None:
    command += ["--runs-per-batch", str(batch)]
  for run in runs:
    command += ["--run", str(run)]
  if protect:
    command += ["--protect-artifacts", PROTECT]
  completed = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=mnemos_harness.REPO)
  assert completed.returncode == 0, completed.stderr
  return {json.loads(line)["id"] for line in completed.stdout.splitlines()}


def library_reads(library, snapshot):
  """Every read of the official client over every node; NOT_FOUND only where the library answers it
  for a node in no context."""
  library.get_artifact_types()
  library.get_execution_types()
  library.get_context_types()
  attributed = {a for _, a in snapshot.attributions}
  associated = {e for _, e in snapshot.associations}
  for artifact in library.get_artifacts_by_id(sorted(snapshot.artifacts)):
    library.get_artifacts_by_uri(artifact.uri)
    library.get_events_by_artifact_ids([artifact.id])
    try:
      library.get_contexts_by_artifact(artifact.id)
    except errors.NotFoundError:
      assert artifact.id not in attributed
  for execution in library.get_executions_by_id(sorted(snapshot.executions)):
    library.get_events_by_execution_ids([execution.id])
    try:
      library.get_contexts_by_execution(execution.id)
    except errors.NotFoundError:
      assert execution.id not in associated
  for context in library.get_contexts_by_id(sorted(snapshot.contexts)):
    library.get_artifacts_by_context(context.id)
    library.get_executions_by_context(context.id)
    library.get_parent_contexts_by_context(context.id)
    library.get_children_contexts_by_context(context.id)
    library.get_context_by_type_and_name(context.type, context.name)
  library.get_artifacts_and_types_by_artifact_ids(sorted(snapshot.artifacts))


def library_listings(library):
  return ({a.id: a for a in library.get_artifacts()}, {e.id: e for e in library.get_executions()},
          {c.id: c for c in library.get_contexts()})


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_deletion_keeps_every_origin_and_the_library_reads_the_rest(database, mnemos, round_number):
  rng = random.Random(SEED * 1000 + round_number)
  runs = History(mnemos.store(), rng).write()
  for _ in range(2):
    victims = rng.sample(runs, rng.randint(1, min(4, len(runs))))
    protect = rng.random() < 0.5
    before = deletion_rule.Snapshot(database, {RUN_TYPE}, "system.Model", "registered")
    library = database.library()
    artifacts, executions, contexts = library_listings(library)
    expected = deletion_rule.plan(before, victims, protect)

    variables = {"input": {"runIds": victims, "dryRun": True}}
    if protect:
      variables["input"]["protectArtifacts"] = PROTECT
    answer = mnemos.graphql(DELETE, variables)
    assert "errors" not in answer, answer
    planned = answer["data"]["deleteRuns"]
    assert {a["id"] for a in planned["removedArtifacts"]} == expected[0]
    assert set(planned["removedExecutionIds"]) == expected[1]
    assert set(planned["removedRunIds"]) == expected[2]
    assert set(planned["retainedRunIds"]) == expected[3]

    assert gc(mnemos, victims, protect, rng.choice([1, 2, 3, None])) == expected[0]

    after = deletion_rule.Snapshot(database, {RUN_TYPE}, "system.Model", "registered")
    assert after.artifacts == before.artifacts - expected[0]
    assert after.executions == before.executions - expected[1]
    assert after.contexts == before.contexts - expected[2]
    assert dangling(after) == []
    assert all(count == 0 for _, count in dangling_rows(database)), dangling_rows(database)

    library = database.library()
    library_reads(library, after)
    artifacts_after, executions_after, contexts_after = library_listings(library)
    assert artifacts_after == {i: a for i, a in artifacts.items() if i not in expected[0]}
    assert executions_after == {i: e for i, e in executions.items() if i not in expected[1]}
    assert {i: without_mark(c) for i, c in contexts_after.items()} == {
        i: without_mark(c) for i, c in contexts.items() if i not in expected[2]}
    for run in expected[3]:
      assert contexts_after[run].custom_properties[RETAINED].bool_value

    kept = [("a", a) for a in after.artifacts] + [("e", e) for e in after.executions]
    present = {("a", a) for a in after.artifacts} | {("e", e) for e in after.executions}
    chains = origin_chains(before, kept)
    for node, chain in chains.items():
      assert chain <= present, "%s lost %s" % (node, chain - present)
    for kind, artifact in rng.sample([n for n in kept if n[0] == "a"], min(5, len(after.artifacts))):
      options = mlmd.LineageSubgraphQueryOptions(
          max_num_hops=10, direction=mlmd.LineageSubgraphQueryOptions.UPSTREAM)
      options.starting_artifacts.filter_query = "id = %d" % artifact
      graph = library.get_lineage_subgraph(options)
      reached = {("a", a.id) for a in graph.artifacts} | {("e", e.id) for e in graph.executions}
      assert chains[(kind, artifact)] <= reached
    runs = [r for r in runs if r in after.contexts]
    if not runs:
      break


def test_writers_meanwhile_lose_nothing(database, backend):
  """Runs are deleted in batches while a client writes new runs whose steps read the deleted runs'
  outputs, through a second server on MariaDB and PostgreSQL (whose reads lock what they decide on),
  through the same one on SQLite. Each write either lands whole, with everything it read kept, or is refused
  because what it named was already gone; nothing dangles."""
  deleter = mnemos_harness.MnemosProcess(database.args)
  writer = mnemos_harness.MnemosProcess(database.args) if backend != "sqlite" else deleter
  try:
    rng = random.Random(SEED)
    history = History(deleter.store(), rng)
    old_runs = []
    for batch in range(4):
      old_runs += history.write("h%d-" % batch)
    outputs = [a.id for a in deleter.store().get_artifacts() if a.uri.startswith("s3://b/")]
    store = writer.store()
    landed, refused = [], []

    deleted = threading.Event()

    def write_new_runs():
      i = 0
      while not deleted.is_set() or i < 40:
        i += 1
        run = store.put_contexts([mlmd.Context(type_id=history.run_type, name="new-%d" % i)])[0]
        read = rng.sample(outputs, 2)
        execution = mlmd.Execution(type_id=history.step_type, last_known_state=mlmd.Execution.COMPLETE)
        [step] = store.put_executions([execution])
        store.put_attributions_and_associations([], [mlmd.Association(context_id=run, execution_id=step)])
        try:
          store.put_events([mlmd.Event(artifact_id=a, execution_id=step, type=mlmd.Event.INPUT) for a in read])
          landed.append((step, read))
        except (errors.NotFoundError, errors.InvalidArgumentError):
          refused.append((step, read))

    thread = threading.Thread(target=write_new_runs)
    thread.start()
    gc(deleter, old_runs, False, 1)
    deleted.set()
    thread.join(120)
    assert not thread.is_alive()

    after = deletion_rule.Snapshot(database, {RUN_TYPE}, "system.Model", "registered")
    assert dangling(after) == []
    assert all(count == 0 for _, count in dangling_rows(database))
    assert len(landed) + len(refused) >= 40 and landed
    for step, read in landed:
      assert step in after.executions
      assert set(read) <= after.artifacts, "a step that landed lost what it read"
    for step, read in refused:
      assert not set(read) <= after.artifacts or step in after.executions
  finally:
    deleter.stop()
    if writer is not deleter:
      writer.stop()
