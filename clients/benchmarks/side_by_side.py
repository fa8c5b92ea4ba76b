"""Mnemos against the MLMD library, side by side: ingest and the reads KFP and its users make.

  python clients/benchmarks/side_by_side.py [--runs 200] [--steps 10] [--backends sqlite,mariadb,postgresql]
      [--repeats 3] [--clients 8] [--read-repeats 30] [--warmup-seconds 5] [--warmup-runs 100]
      [--read-runs N] [--fan-out 8,32,64] [--fan-out-steps 20] [--cold-runs 100]

Both sides replay the same KFP-shaped workload through the official `ml-metadata` Python API:
Mnemos over gRPC (`MetadataStoreClientConfig`), and the in-process MLMD library (1.17, C++ core)
on the same backend as the reference. Ingest is timed on a fresh database per round and side, with
one client and with `--clients` client processes, and as a fan-out: `--fan-out` processes writing
steps of one run at once, with the ABORTED answers they retried and the calls that failed; Mnemos'
cold start is the rate of the first `--cold-runs` runs after a server starts against the next; the reads are timed on one database of
`--read-runs` runs (the library writes the schema and types, batched inserts the rows it would
write), which Mnemos then serves. Every figure is a median; the ratio is Mnemos / MLMD from the
same run. Prints a Markdown table. MariaDB needs MNEMOS_TEST_MYSQL_HOST and PostgreSQL
MNEMOS_TEST_POSTGRES_HOST, like the conformance suite.
"""

import argparse
import contextlib
import functools
import json
import multiprocessing
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))

from ml_metadata import errors  # noqa: E402
from ml_metadata.metadata_store import metadata_store  # noqa: E402
from ml_metadata.proto import metadata_store_pb2 as mlmd  # noqa: E402

import mnemos_harness  # noqa: E402

PIPELINE = "bench-pipeline"
EXPERIMENT = "bench-experiment"
# The large context of the reads: the page of a 100,000-artifact context.
EXPERIMENT_ARTIFACTS = 100000
DRIVERS_JAR = os.path.join(mnemos_harness.REPO, "clients", "benchmarks", "target", "mnemos-benchmarks.jar")
METRICS = ("accuracy", "precision", "recall", "f1", "loss")
# Mnemos runs as `mnemos serve` runs it: a plain JVM (no ahead-of-time cache, which would start it
# warmer than a server starts in production), unless --aot-cache asks for quick starts.
_server_java_options = []


# ---- the workload ---------------------------------------------------------------------------

def plan(run, steps):
  """The steps of one run, the same for every side: names, inputs (the shared raw dataset or an
  earlier step's output), typed outputs, parameters and five metric values."""
  rng = random.Random(run)
  planned = []
  for step in range(steps):
    # Each input a different artifact: MLMD keeps one INPUT event per artifact and execution.
    sources = [None] + [(producer, 0) for producer in range(step)]
    chosen = [None] if step == 0 else rng.sample(sources[1:], min(step, rng.randint(1, 3)))
    inputs = [("in-%d" % slot, source) for slot, source in enumerate(chosen)]
    outputs = [("out-%d" % slot, "system.Model" if slot == 0 and step == steps - 1 else "system.Dataset")
               for slot in range(rng.randint(1, 3))]
    metrics = {name: round(rng.random(), 6) for name in METRICS}
    parameters = {"learning_rate": rng.choice([0.1, 0.01, 0.001]), "epochs": rng.randint(1, 50)}
    planned.append((inputs, outputs, metrics, parameters))
  return planned


def write_workload(path, runs, steps, warmup_runs):
  """The workload as JSON, for the Java drivers: the same plans, in the same order."""
  def runs_json(numbers):
    return [{"run": run, "steps": [{"inputs": [[key, list(source) if source else None] for key, source in inputs],
                                    "outputs": [list(output) for output in outputs],
                                    "metrics": metrics, "parameters": parameters}
                                   for inputs, outputs, metrics, parameters in plan(run, steps)]}
            for run in numbers]
  with open(path, "w") as f:
    json.dump({"pipeline": PIPELINE, "runs": runs_json(range(runs)),
               "warmup": runs_json(range(runs, runs + warmup_runs))}, f)


def java(main, *args):
  """Runs a Java driver of clients/benchmarks and returns the JSON line it prints."""
  completed = subprocess.run(
      [mnemos_harness.JAVA, "--enable-native-access=ALL-UNNAMED", "-cp", DRIVERS_JAR,
       "dev.mnemos.benchmarks." + main] + [str(a) for a in args],
      capture_output=True, text=True, check=False)
  if completed.returncode != 0:
    raise SystemExit("%s failed:\n%s" % (main, completed.stderr[-3000:]))
  return json.loads(completed.stdout.strip().splitlines()[-1])


def jdbc_url(side):
  if side.backend == "sqlite":
    return "jdbc:sqlite:" + side.path
  if side.backend == "postgresql":
    s = mnemos_harness.postgres_settings()
    return "jdbc:postgresql://%s:%d/%s?user=%s&password=%s" % (
        s["host"], s["port"], side.database, s["user"], s["password"])
  s = mnemos_harness.mysql_settings()
  return "jdbc:mariadb://%s:%d/%s?user=%s&password=%s" % (
      s["host"], s["port"], side.database, s["user"], s["password"])


def nodes_of(runs, steps):
  """Artifacts and executions the workload writes (contexts aside)."""
  total = 1
  for run in range(runs):
    for _, outputs, _, _ in plan(run, steps):
      total += 1 + len(outputs) + 1
  return total


class Setup:
  """Types, the pipeline context and the shared raw dataset: written once before timing."""

  def __init__(self, store):
    self.dataset = store.put_artifact_type(mlmd.ArtifactType(name="system.Dataset"))
    self.model = store.put_artifact_type(mlmd.ArtifactType(name="system.Model"))
    self.metrics = store.put_artifact_type(mlmd.ArtifactType(name="system.Metrics"))
    self.container = store.put_execution_type(mlmd.ExecutionType(name="system.ContainerExecution"))
    self.pipeline_type = store.put_context_type(mlmd.ContextType(name="system.Pipeline"))
    self.run_type = store.put_context_type(mlmd.ContextType(name="system.PipelineRun"))
    [self.pipeline] = store.put_contexts([mlmd.Context(type_id=self.pipeline_type, name=PIPELINE)])
    raw = mlmd.Artifact(type_id=self.dataset, uri="minio://mlpipeline/raw/data.csv", state=mlmd.Artifact.LIVE)
    raw.custom_properties["display_name"].string_value = "raw"
    [raw.id] = store.put_artifacts([raw])
    self.raw = raw

  def ids(self):
    return {name: getattr(self, name) for name in
            ("dataset", "model", "metrics", "container", "pipeline_type", "run_type", "pipeline")}


# ABORTED (or the library's "aborted") answers this process has retried, for the fan-out rows.
_aborted = 0


def retried(call, *args):
  """Calls again while the store answers ABORTED (a deadlock, rolled back) or UNAVAILABLE, as KFP's
  client does: concurrent writers deadlock on MySQL and MariaDB, on either side. The library says
  the same with a RuntimeError once its own five retries are spent (SQLite's lock, mostly)."""
  global _aborted
  wait = 0.05
  for attempt in range(20):
    try:
      return call(*args)
    except (errors.AbortedError, errors.UnavailableError, RuntimeError) as e:
      if attempt == 19 or (isinstance(e, RuntimeError) and "aborted" not in str(e)):
        raise
      _aborted += 1
      time.sleep(wait)
      wait = min(2.0, wait * 2)


def replay(store, setup_ids, raw, runs, steps):
  """Writes `runs` (run numbers) as KFP v2 does; returns the number of put_execution calls."""
  types = setup_ids
  puts = 0
  pipeline = mlmd.Context(id=types["pipeline"], type_id=types["pipeline_type"], name=PIPELINE)
  for run in runs:
    context = mlmd.Context(type_id=types["run_type"], name="run-%d" % run)
    context.custom_properties["namespace"].string_value = "kubeflow"
    context.custom_properties["pipeline_root"].string_value = "minio://mlpipeline/v2/artifacts/%s/run-%d" % (PIPELINE, run)
    [context.id] = retried(store.put_contexts, [context])
    retried(store.put_parent_contexts, [mlmd.ParentContext(child_id=context.id, parent_id=types["pipeline"])])
    produced = []
    for step, (inputs, outputs, metrics, parameters) in enumerate(plan(run, steps)):
      execution = mlmd.Execution(type_id=types["container"], last_known_state=mlmd.Execution.COMPLETE)
      execution.custom_properties["display_name"].string_value = "step-%d" % step
      execution.custom_properties["task_name"].string_value = "step-%d" % step
      execution.custom_properties["pod_name"].string_value = "run-%d-step-%d-pod" % (run, step)
      for name, value in parameters.items():
        if isinstance(value, int):
          execution.custom_properties["input:" + name].int_value = value
        else:
          execution.custom_properties["input:" + name].double_value = value
      pairs = []
      for key, source in inputs:
        artifact = raw if source is None else produced[source[0]][source[1]]
        event = mlmd.Event(type=mlmd.Event.INPUT)
        event.path.steps.add().key = key
        pairs.append((artifact, event))
      for key, type_name in outputs:
        artifact = mlmd.Artifact(type_id=types["model" if type_name == "system.Model" else "dataset"],
                                 uri="minio://mlpipeline/v2/artifacts/%s/run-%d/step-%d/%s" % (PIPELINE, run, step, key),
                                 state=mlmd.Artifact.LIVE)
        artifact.custom_properties["display_name"].string_value = key
        event = mlmd.Event(type=mlmd.Event.OUTPUT)
        event.path.steps.add().key = key
        pairs.append((artifact, event))
      scores = mlmd.Artifact(type_id=types["metrics"], state=mlmd.Artifact.LIVE,
                             uri="minio://mlpipeline/v2/artifacts/%s/run-%d/step-%d/metrics" % (PIPELINE, run, step))
      for name, value in metrics.items():
        scores.custom_properties[name].double_value = value
      event = mlmd.Event(type=mlmd.Event.OUTPUT)
      event.path.steps.add().key = "metrics"
      pairs.append((scores, event))
      _, artifact_ids, _ = retried(store.put_execution, execution, pairs, [pipeline, context])
      puts += 1
      written = []
      for (artifact, _), artifact_id in zip(pairs[len(inputs):], artifact_ids[len(inputs):], strict=True):
        stored = mlmd.Artifact()
        stored.CopyFrom(artifact)
        stored.id = artifact_id
        written.append(stored)
      produced.append(written)
  return puts


# ---- the two sides --------------------------------------------------------------------------

class Side:
  """One side on one fresh database: how to reach it from this process or a worker process."""

  def __init__(self, name, backend, directory):
    self.name = name
    self.backend = backend
    self.directory = directory
    if backend == "sqlite":
      self.path = os.path.join(directory, "%s-%s.sqlite" % (name, uuid.uuid4().hex[:8]))
    elif backend == "postgresql":
      self.database = mnemos_harness.fresh_postgres_database()
    else:
      self.database = mnemos_harness.fresh_mysql_database()
    self.server = None
    if name == "mnemos":
      self.server = mnemos_harness.MnemosProcess(self.mnemos_args(), java_options=_server_java_options)

  def mnemos_args(self):
    """How a Mnemos server names this side's database."""
    if self.backend == "sqlite":
      return mnemos_harness.mnemos_args_sqlite(self.path)
    if self.backend == "postgresql":
      return mnemos_harness.mnemos_args_postgres(self.database)
    return mnemos_harness.mnemos_args_mysql(self.database)

  def address(self):
    """What a worker process needs to open its own store."""
    if self.server:
      return ("grpc", self.server.port)
    return ("sqlite", self.path) if self.backend == "sqlite" else (self.backend, self.database)

  def store(self):
    return open_store(self.address())

  def stop(self):
    if self.server:
      self.server.stop()


def open_store(address):
  kind, where = address
  if kind == "grpc":
    config = mlmd.MetadataStoreClientConfig(host="127.0.0.1", port=where)
    # A 20-hop lineage answer passes gRPC's 4 MiB default (hundreds of MiB at a million nodes); the
    # library has no such limit.
    config.channel_arguments.max_receive_message_length = 2**31 - 1
    return metadata_store.MetadataStore(config)
  if kind == "sqlite":
    return mnemos_harness.library_store_sqlite(where)
  if kind == "postgresql":
    return mnemos_harness.library_store_postgres(where)
  return mnemos_harness.library_store_mysql(where)


_worker_store = None


def open_worker_store(address):
  """Runs once in each client process, before the clock starts."""
  global _worker_store
  _worker_store = retried(open_store, address)


def ready(_):
  return _worker_store is not None


def worker(arguments):
  setup_ids, raw_bytes, runs, steps = arguments
  raw = mlmd.Artifact.FromString(raw_bytes)
  return replay(_worker_store, setup_ids, raw, runs, steps)


def ingest(side, runs, steps, clients, warmup_runs):
  """put_execution per second, writing `runs` runs with `clients` processes, after `warmup_runs`
  other runs written untimed (a server's JIT warms up; the library has nothing to warm)."""
  store = side.store()
  setup = Setup(store)
  replay(store, setup.ids(), setup.raw, range(runs, runs + warmup_runs), steps)
  if clients == 1:
    started = time.perf_counter()
    puts = replay(store, setup.ids(), setup.raw, range(runs), steps)
    return puts / (time.perf_counter() - started)
  slices = [(setup.ids(), setup.raw.SerializeToString(), range(i, runs, clients), steps)
            for i in range(clients)]
  context = multiprocessing.get_context("spawn")
  with context.Pool(clients, initializer=open_worker_store, initargs=(side.address(),)) as pool:
    assert all(pool.map(ready, range(clients * 4), chunksize=1))
    started = time.perf_counter()
    puts = sum(pool.map(worker, slices, chunksize=1))
    return puts / (time.perf_counter() - started)


def fan_out_worker(arguments):
  """One writer of a ParallelFor: `steps` steps into the shared run. Returns (written, aborted,
  failed): steps acknowledged, ABORTED answers retried, steps given up after 20 tries."""
  global _aborted
  setup_ids, raw_bytes, writer, steps = arguments
  raw = mlmd.Artifact.FromString(raw_bytes)
  pipeline = mlmd.Context(id=setup_ids["pipeline"], type_id=setup_ids["pipeline_type"], name=PIPELINE)
  # By name, as each of KFP's drivers gets or inserts the run: all writers race to create it.
  run = mlmd.Context(type_id=setup_ids["run_type"], name="fan-out")
  _aborted = 0
  written = failed = 0
  for step in range(steps):
    execution = mlmd.Execution(type_id=setup_ids["container"], last_known_state=mlmd.Execution.COMPLETE)
    execution.custom_properties["task_name"].string_value = "for-loop-%d" % writer
    execution.custom_properties["iteration"].int_value = step
    output = mlmd.Artifact(type_id=setup_ids["model"], state=mlmd.Artifact.LIVE,
                           uri="minio://mlpipeline/v2/artifacts/fan-out/%d/%d/model" % (writer, step))
    scores = mlmd.Artifact(type_id=setup_ids["metrics"], state=mlmd.Artifact.LIVE,
                           uri="minio://mlpipeline/v2/artifacts/fan-out/%d/%d/metrics" % (writer, step))
    scores.custom_properties["accuracy"].double_value = (writer * steps + step) % 97 / 97
    pairs = [(raw, mlmd.Event(type=mlmd.Event.INPUT)), (output, mlmd.Event(type=mlmd.Event.OUTPUT)),
             (scores, mlmd.Event(type=mlmd.Event.OUTPUT))]
    try:
      retried(functools.partial(_worker_store.put_execution, execution, pairs, [pipeline, run],
                                reuse_context_if_already_exist=True))
      written += 1
    except Exception:  # noqa: BLE001 - counted: the figure is how many calls fail
      failed += 1
  return written, _aborted, failed


def fan_out(side, writers, steps, warmup_runs):
  """`writers` processes write `steps` steps each into one run at once (KFP's ParallelFor), naming
  the run by name so that the first steps race to create it, after `warmup_runs` runs written
  untimed as for ingest. Returns (steps per second, ABORTED answers, failed steps, steps written)."""
  store = side.store()
  setup = Setup(store)
  ids = setup.ids()
  replay(store, ids, setup.raw, range(warmup_runs), 10)
  context = multiprocessing.get_context("spawn")
  with context.Pool(writers, initializer=open_worker_store, initargs=(side.address(),)) as pool:
    assert all(pool.map(ready, range(writers * 4), chunksize=1))
    started = time.perf_counter()
    results = pool.map(fan_out_worker, [(ids, setup.raw.SerializeToString(), w, steps)
                                        for w in range(writers)], chunksize=1)
    seconds = time.perf_counter() - started
  written, aborted, failed = (sum(r[i] for r in results) for i in range(3))
  return written / seconds, aborted, failed, written


def cold_start(backend, directory, runs, steps):
  """put_execution per second of the first `runs` runs after a server starts (its JIT cold), and
  of the `runs` after those."""
  side = Side("mnemos", backend, directory)
  try:
    store = side.store()
    setup = Setup(store)
    rates = []
    for block in range(2):
      started = time.perf_counter()
      puts = replay(store, setup.ids(), setup.raw, range(block * runs, (block + 1) * runs), steps)
      rates.append(puts / (time.perf_counter() - started))
    return rates
  finally:
    side.stop()


def timed(call, repeats, warmup_seconds, budget_seconds):
  """Median seconds of `repeats` calls (fewer, but at least 3, once `budget_seconds` are spent)
  after calling for `warmup_seconds`, and the first answer."""
  answer = call()
  deadline = time.perf_counter() + warmup_seconds
  while time.perf_counter() < deadline:
    call()
  times = []
  budget_ends = time.perf_counter() + budget_seconds
  while len(times) < repeats and (len(times) < 3 or time.perf_counter() < budget_ends):
    started = time.perf_counter()
    call()
    times.append(time.perf_counter() - started)
  return statistics.median(times), answer


def reads(store, runs, steps, members):
  """The timed reads: (label, call, size of an answer)."""
  last_run = runs - 1
  last_metrics = "minio://mlpipeline/v2/artifacts/%s/run-%d/step-%d/metrics" % (PIPELINE, last_run, steps - 1)
  pipeline = store.get_context_by_type_and_name("system.Pipeline", PIPELINE)
  experiment = store.get_context_by_type_and_name("system.Experiment", EXPERIMENT)
  questions = [
      ("GetArtifactsByContext, first page of 100 (a context of %d artifacts)" % members,
       lambda: store.get_artifacts_by_context(experiment.id, list_options=metadata_store.ListOptions(limit=100)),
       len),
      ("GetArtifactsByContext, first page of 100 (the pipeline context, every artifact)",
       lambda: store.get_artifacts_by_context(pipeline.id, list_options=metadata_store.ListOptions(limit=100)),
       len),
      ("filter_query list: metrics with accuracy > 0.9, first 100",
       lambda: store.get_artifacts(list_options=metadata_store.ListOptions(
           limit=100, filter_query="type = 'system.Metrics' AND custom_properties.accuracy.double_value > 0.9")),
       len),
      ("GetArtifactsByURI, one URI", lambda: store.get_artifacts_by_uri(last_metrics), len),
  ]
  for hops in (2, 5, 20):
    options = mlmd.LineageSubgraphQueryOptions(max_num_hops=hops)
    options.starting_artifacts.filter_query = "uri = '%s'" % last_metrics
    questions.append(("GetLineageSubgraph, %d hops from a run's last metrics" % hops,
                      lambda options=options: store.get_lineage_subgraph(options),
                      lambda graph: len(graph.artifacts) + len(graph.executions)))
  return questions


def ingest_rate(name, backend, directory, args, clients, workload):
  """One ingest round of one side on a fresh database: put_execution per second."""
  side = Side("mnemos" if name == "java" else name, backend, directory)
  try:
    if name == "java":
      return java("ClientDriver", "ingest", "127.0.0.1:%d" % side.server.port, workload, clients)["rate"]
    return ingest(side, args.runs, args.steps, clients, args.warmup_runs)
  finally:
    side.stop()


def limit_rate(backend, directory, workload):
  """The same rows by batched JDBC inserts into a fresh MLMD database: steps per second."""
  side = Side("mlmd", backend, directory)
  Setup(side.store())
  return java("LimitRow", jdbc_url(side), workload)["rate"]


def compare(backend, args, rows):
  """Appends (backend, measure, python, java, mlmd, unit) rows: ingest rates, then read times."""
  with tempfile.TemporaryDirectory() as directory:
    workload = os.path.join(directory, "workload.json")
    write_workload(workload, args.runs, args.steps, args.warmup_runs)
    for clients in sorted({1, args.clients}):
      rates = {"mnemos": [], "java": [], "mlmd": []}
      for round_number in range(args.repeats):
        for name in rates:
          print("== %s: ingest, %d clients, %s, round %d" % (backend, clients, name, round_number + 1),
                file=sys.stderr, flush=True)
          rates[name].append(ingest_rate(name, backend, directory, args, clients, workload))
      rows.append((backend, "ingest, %d client%s" % (clients, "" if clients == 1 else "s"),
                   statistics.median(rates["mnemos"]), statistics.median(rates["java"]),
                   statistics.median(rates["mlmd"]), "put_execution/s"))
    limit = statistics.median(limit_rate(backend, directory, workload) for _ in range(args.repeats))
    rows.append((backend, "ingest limit: the same rows by batched JDBC inserts in one transaction",
                 limit, limit, limit, "limit"))
    cold = [cold_start(backend, directory, args.cold_runs, args.steps) for _ in range(args.repeats)]
    rows.append((backend, "cold start: the first %d put_execution after the server starts, then the next %d"
                 % (args.cold_runs * args.steps, args.cold_runs * args.steps),
                 statistics.median(c[0] for c in cold), None, statistics.median(c[1] for c in cold), "cold"))
    for writers in args.fan_out:
      measured = {}
      for name in ("mnemos", "mlmd"):
        print("== %s: fan-out, %d writers of one run, %s" % (backend, writers, name), file=sys.stderr, flush=True)
        side = Side(name, backend, directory)
        try:
          measured[name] = fan_out(side, writers, args.fan_out_steps, args.warmup_runs)
        finally:
          side.stop()
      rows.append((backend, "fan-out: %d writers of one run, %d steps each" % (writers, args.fan_out_steps),
                   measured["mnemos"], None, measured["mlmd"], "fan-out"))

    # The read database: the library writes the types, then the rows of `read_runs` runs go in by
    # the limit row's batched inserts (a million nodes in minutes; the rows are those the library
    # writes). Mnemos then serves it, once its summaries and search index have caught up.
    read_workload = os.path.join(directory, "read-workload.json")
    write_workload(read_workload, args.read_runs, args.steps, 0)
    loaded = Side("mlmd", backend, directory)
    library = loaded.store()
    Setup(library)
    java("LimitRow", jdbc_url(loaded), read_workload)
    experiment_type = library.put_context_type(mlmd.ContextType(name="system.Experiment"))
    [experiment] = library.put_contexts([mlmd.Context(type_id=experiment_type, name=EXPERIMENT)])
    members = java("ContextFill", jdbc_url(loaded), experiment, EXPERIMENT_ARTIFACTS)["attributed"]
    # The 20-hop lineage answers the whole graph: hundreds of MiB, past the 100 MiB a server sends
    # by default (KFP's limit); the library has none, so neither does this server.
    server = mnemos_harness.MnemosProcess(
        loaded.mnemos_args() + ["--grpc_channel_arguments", "grpc.max_send_message_length=-1"], start_timeout=3600,
        java_options=_server_java_options)
    print("== %s: reads (search index caught up)" % backend, file=sys.stderr, flush=True)
    await_search_caught_up(server)
    try:
      served = open_store(("grpc", server.port))
      last_metrics = "minio://mlpipeline/v2/artifacts/%s/run-%d/step-%d/metrics" % (
          PIPELINE, args.read_runs - 1, args.steps - 1)
      from_java = java("ClientDriver", "reads", "127.0.0.1:%d" % server.port, PIPELINE, EXPERIMENT,
                       last_metrics, args.read_repeats, args.warmup_seconds, args.read_budget)["reads"]
      for (label, ours, size), (_, theirs, _), java_answer in zip(
          reads(served, args.read_runs, args.steps, members),
          reads(library, args.read_runs, args.steps, members), from_java, strict=True):
        mnemos_seconds, mnemos_answer = timed(ours, args.read_repeats, args.warmup_seconds, args.read_budget)
        mlmd_seconds, mlmd_answer = timed(theirs, args.read_repeats, args.warmup_seconds, args.read_budget)
        sizes = {size(mnemos_answer), size(mlmd_answer), java_answer["size"]}
        if len(sizes) != 1:
          raise SystemExit("%s: the answers differ in size: %s" % (label, sorted(sizes)))
        rows.append((backend, "%s (%d nodes answered)" % (label, size(mnemos_answer)),
                     mnemos_seconds, java_answer["seconds"], mlmd_seconds, "seconds"))
      print("== %s: deleting runs while a client writes" % backend, file=sys.stderr, flush=True)
      removed, alone = deletion(server, served, args.read_runs, args.delete_share)
      rows.append((backend, "delete the oldest %d of %d runs with mnemos gc (batches sized to about 50 ms)"
                   % (int(args.read_runs * args.delete_share), args.read_runs), removed, None, alone, "deletion"))
    finally:
      server.stop()


def deletion(server, store, read_runs, share):
  """Deletes the oldest `share` of the read database's runs with `mnemos gc` (batches the server sizes) while one
  client writes steps into new runs; the same client's latency before the deletion is the reference.

  Returns (seconds, runs removed, nodes removed, p99 and worst latency during) and (p99, worst) alone."""
  container = store.get_execution_type("system.ContainerExecution").id
  dataset = store.get_artifact_type("system.Dataset").id
  run_type = store.get_context_type("system.PipelineRun").id
  written = [0]

  def step():
    written[0] += 1
    [run] = store.put_contexts([mlmd.Context(type_id=run_type, name="during-deletion-%d" % written[0])])
    execution = mlmd.Execution(type_id=container, last_known_state=mlmd.Execution.COMPLETE)
    output = mlmd.Artifact(type_id=dataset, uri="minio://mlpipeline/during/%d" % written[0])
    started = time.perf_counter()
    retried(store.put_execution, execution, [(output, mlmd.Event(type=mlmd.Event.OUTPUT))],
            store.get_contexts_by_id([run]))
    return time.perf_counter() - started

  alone = sorted(step() for _ in range(200))
  during = []
  keep = read_runs - int(read_runs * share)
  command = [mnemos_harness.JAVA, "-jar", mnemos_harness.JAR, "gc", "--server", "127.0.0.1:%d" % server.port,
             "--pipeline", PIPELINE, "--keep-newest", str(keep), "--no-dry-run"]
  started = time.perf_counter()
  # Its progress bar goes to a file: a pipe read only at the end fills and stops the command.
  with tempfile.TemporaryFile("w+") as log:
    gc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log, text=True)
    while gc.poll() is None:
      during.append(step())
    seconds = time.perf_counter() - started
    log.seek(0)
    err = log.read()
  if gc.returncode != 0:
    raise SystemExit("mnemos gc failed: " + err)
  found = re.search(r"removed (\d+) runs, (\d+) executions and (\d+) artifacts", err)
  if not found:
    raise SystemExit("mnemos gc said: " + err)
  runs, executions, artifacts = (int(g) for g in found.groups())
  during.sort()

  def p99(values):
    return values[min(len(values) - 1, int(len(values) * 0.99))]

  return ((seconds, runs, executions + artifacts, p99(during) if during else 0, during[-1] if during else 0),
          (p99(alone), alone[-1]))


def await_search_caught_up(server, timeout=3600):
  """Waits until Mnemos' search index holds every node, so its catch-up does not share the reads' CPU."""
  deadline = time.time() + timeout
  while time.time() < deadline:
    status = server.graphql("{ searchStatus { lagMillis } }")["data"]["searchStatus"]
    if status["lagMillis"] == 0:
      return
    time.sleep(2)
  raise SystemExit("the search index did not catch up in %d s" % timeout)


def table(rows):
  """The rows as Markdown: rates and times per side, ratios Mnemos / MLMD, shares of the limit."""
  lines = ["| backend | measure | Mnemos, Python client | Mnemos, Java client | MLMD 1.17 library |"
           " Mnemos / MLMD (Python, Java) |", "|---|---|---|---|---|---|"]
  for backend, label, python, java_value, mlmd_value, unit in rows:
    if unit == "limit":
      lines.append("| %s | %s: %.0f steps/s | %.0f%% of it (1 client) | %.0f%% | %.0f%% | |" % (
          backend, label, python, *(100 * rate / python for rate in one_client(rows, backend))))
    elif unit == "cold":
      lines.append("| %s | %s (put_execution/s, Mnemos, Python client) | %.0f/s cold | – | %.0f/s next | %.2f of"
                   " the next |" % (backend, label, python, mlmd_value, python / mlmd_value))
    elif unit == "fan-out":
      lines.append("| %s | %s (put_execution/s; ABORTED answers, failed calls) | %.0f/s; %s | – | %.0f/s; %s | %.2f |"
                   % (backend, label, python[0], tally(python), mlmd_value[0], tally(mlmd_value),
                      python[0] / mlmd_value[0]))
    elif unit == "deletion":
      seconds, runs, nodes, p99, worst = python
      lines.append("| %s | %s; meanwhile one client's put_execution | %.0f s: %.0f runs/s, %.0f nodes/s; p99 %.0f ms,"
                   " worst %.0f ms | – | no delete API; the same client alone: p99 %.0f ms, worst %.0f ms |"
                   " %.1f× the p99 alone |"
                   % (backend, label, seconds, runs / seconds, nodes / seconds, p99 * 1000, worst * 1000,
                      mlmd_value[0] * 1000, mlmd_value[1] * 1000, p99 / mlmd_value[0]))
    elif unit == "put_execution/s":
      lines.append("| %s | %s (put_execution/s, higher is better) | %.0f/s | %.0f/s | %.0f/s | %.2f, %.2f |" % (
          backend, label, python, java_value, mlmd_value, python / mlmd_value, java_value / mlmd_value))
    else:
      lines.append("| %s | %s | %.2f ms | %.2f ms | %.2f ms | %.2f, %.2f |" % (
          backend, label, python * 1000, java_value * 1000, mlmd_value * 1000,
          python / mlmd_value, java_value / mlmd_value))
  return "\n".join(lines)


def tally(fan_out_result):
  """ABORTED answers (as a share of the calls) and failed calls of a fan-out round."""
  _, aborted, failed, written = fan_out_result
  return "%d ABORTED (%.1f%%), %d failed" % (aborted, 100 * aborted / max(1, written + failed), failed)


def jmh_table(path):
  """JMH's JSON results as Markdown: one line per benchmark and parameter."""
  with open(path) as f:
    results = json.load(f)
  lines = ["| JMH benchmark | parameter | average |", "|---|---|---|"]
  for result in results:
    name = result["benchmark"].rsplit(".", 2)
    parameter = ", ".join("%s" % value for value in result.get("params", {}).values())
    metric = result["primaryMetric"]
    lines.append("| %s.%s | %s | %.2f %s |" % (name[-2], name[-1], parameter.replace("|", "\\|"),
                                                metric["score"], metric["scoreUnit"]))
  return "\n".join(lines)


def machine():
  """A line on the machine the figures come from."""
  cpu = "unknown CPU"
  with contextlib.suppress(OSError):
    with open("/proc/cpuinfo") as f:
      models = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
      cpu = "%d × %s" % (len(models), models[0]) if models else cpu
  memory = ""
  with contextlib.suppress(OSError):
    with open("/proc/meminfo") as f:
      kib = int(f.readline().split()[1])
      memory = ", %.0f GiB" % (kib / 1024 / 1024)
  commit = subprocess.run(["git", "-C", mnemos_harness.REPO, "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True).stdout.strip()
  return "%s%s; %s; commit %s; %s" % (cpu, memory, platform.platform(), commit or "unknown",
                                       time.strftime("%Y-%m-%d", time.gmtime()))


BEGIN, END = "<!-- side-by-side:begin -->", "<!-- side-by-side:end -->"


def write_report(path, text, begin=BEGIN, end=END):
  """Puts `text` between the markers in `path` (at its end when it has none)."""
  with open(path) as f:
    current = f.read()
  section = "%s\n%s\n%s" % (begin, text.strip(), end)
  if begin in current and end in current:
    current = current[:current.index(begin)] + section + current[current.index(end) + len(end):]
  else:
    current = current.rstrip() + "\n\n" + section + "\n"
  with open(path, "w") as f:
    f.write(current)


def one_client(rows, backend):
  """The single-client ingest rates of Python, Java and MLMD on `backend`."""
  for row_backend, label, python, java_value, mlmd_value, _ in rows:
    if row_backend == backend and label == "ingest, 1 client":
      return python, java_value, mlmd_value
  raise ValueError("no single-client ingest row for " + backend)


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--runs", type=int, default=200)
  parser.add_argument("--steps", type=int, default=10)
  parser.add_argument("--backends", default=",".join(
      ["sqlite"] + (["mariadb"] if mnemos_harness.mysql_settings() else [])
      + (["postgresql"] if mnemos_harness.postgres_settings() else [])))
  parser.add_argument("--repeats", type=int, default=3)
  parser.add_argument("--clients", type=int, default=8)
  parser.add_argument("--fan-out", default="8,32,64",
                      help="writer counts of the fan-out rows: processes writing steps of one run at once")
  parser.add_argument("--fan-out-steps", type=int, default=20, help="steps each fan-out writer writes")
  parser.add_argument("--cold-runs", type=int, default=100,
                      help="runs of the cold-start row: timed right after a start, then again")
  parser.add_argument("--read-repeats", type=int, default=30)
  parser.add_argument("--warmup-seconds", type=float, default=5)
  parser.add_argument("--read-budget", type=float, default=60,
                      help="seconds one read may be repeated for, per driver (at least 3 times)")
  parser.add_argument("--warmup-runs", type=int, default=100)
  parser.add_argument("--jmh", help="JMH results (JSON) to add to the report")
  parser.add_argument("--report", help="a Markdown file whose side-by-side section gets the results")
  parser.add_argument("--read-runs", type=int, help="runs in the read database (default: --runs)")
  parser.add_argument("--delete-share", type=float, default=0.4,
                      help="share of the read database's runs the deletion row removes, oldest first")
  parser.add_argument("--aot-cache", action="store_true",
                      help="start Mnemos from the jar's ahead-of-time cache: quicker starts for the tests' tiny runs,"
                      " but warmer than a production start, so not for measuring")
  args = parser.parse_args(argv)
  global _server_java_options
  _server_java_options = None if args.aot_cache else []
  args.read_runs = args.read_runs or args.runs
  args.fan_out = [int(n) for n in args.fan_out.split(",") if n]
  backends = [b for b in args.backends.split(",") if b]
  if "mariadb" in backends and not mnemos_harness.mysql_settings():
    raise SystemExit("set MNEMOS_TEST_MYSQL_HOST to a MariaDB/MySQL server")
  if "postgresql" in backends and not mnemos_harness.postgres_settings():
    raise SystemExit("set MNEMOS_TEST_POSTGRES_HOST to a PostgreSQL server")
  rows = []
  for backend in backends:
    compare(backend, args, rows)
  text = ("Workload: %d runs of %d steps, %d artifacts and executions (after %d warm-up runs); medians of %d"
          " ingest rounds. Reads on %d runs, %d artifacts and executions; medians of %d reads (fewer, but at"
          " least 3, once a read has taken %.0f s) after %.0f s of warm-up.\n\nMachine: %s.\n\n%s\n"
          % (args.runs, args.steps, nodes_of(args.runs, args.steps), args.warmup_runs, args.repeats,
             args.read_runs, nodes_of(args.read_runs, args.steps), args.read_repeats, args.read_budget,
             args.warmup_seconds, machine(), table(rows)))
  if args.jmh:
    text += "\n" + jmh_table(args.jmh) + "\n"
  print(text)
  if args.report:
    write_report(args.report, text)
  return rows


if __name__ == "__main__":
  main()
