"""Runs Mnemos servers for the conformance tests and writes realistic MLMD content.

Everything here talks to MLMD through the official `ml-metadata` package: either in-process (the
reference implementation, the oracle) or through `MetadataStoreClientConfig` to a Mnemos server.
"""

import contextlib
import copy
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

from google.protobuf import any_pb2, wrappers_pb2
from ml_metadata.metadata_store import metadata_store
from ml_metadata.proto import metadata_store_pb2 as mlmd

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
JAR = os.environ.get("MNEMOS_JAR") or os.path.join(REPO, "app", "target", "mnemos.jar")
JAVA = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")

# MLflow's clients and server report usage to MLflow's hosts unless told not to, and nothing the
# suite runs may reach beyond this machine: set here, which conftest imports before any test module
# imports mlflow (its telemetry client is made when mlflow is imported).
os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
os.environ["DO_NOT_TRACK"] = "true"


def free_port():
  with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    return s.getsockname()[1]


def listening(port):
  with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
    return True
  return False


def terminate(process, patience=20):
  """Stops a server process: SIGTERM, then SIGKILL if it has not ended within ``patience`` s."""
  if process.poll() is None:
    process.terminate()
    try:
      process.wait(patience)
    except subprocess.TimeoutExpired:
      process.kill()


def java_command(arguments, java_options=None):
  """The command that runs the jar with ``arguments``: with its ahead-of-time cache (see
  aot_cache_options), or with ``java_options`` instead."""
  options = aot_cache_options() if java_options is None else list(java_options)
  return [JAVA] + options + ["--enable-native-access=ALL-UNNAMED", "-jar", JAR] + list(arguments)


def aot_cache_options():
  """The JVM option that loads the jar's classes, already parsed and linked, from an ahead-of-time
  cache (JDK 25, JEP 483 and 514): a server then listens in about 2 s instead of 5, and these tests
  start one about 150 times. The cache is made once per build of the jar, by a training start that
  writes and reads a sample (make_aot_cache), and kept beside the jar under the jar's size and
  time, which the JVM checks too: a cache it cannot use, it ignores with a warning. Without a
  cache (none could be made) the servers start the plain way."""
  stat = os.stat(JAR)
  cache = "%s-%d-%d.aot" % (os.path.splitext(JAR)[0], stat.st_size, stat.st_mtime_ns)
  if not os.path.exists(cache) and cache not in _AOT_CACHES_TRIED:
    # Trained once per process: a training that made nothing is not repeated before every start.
    _AOT_CACHES_TRIED.add(cache)
    make_aot_cache(cache)
  return ["-XX:AOTCache=" + cache] if os.path.exists(cache) else []


_AOT_CACHES_TRIED = set()


def make_aot_cache(cache):
  """Trains ``cache``: a server on a new SQLite database answers the official client's writes and
  reads, GraphQL and MLflow's API; the JVM writes what it loaded into the cache as it exits."""
  for stale in glob.glob("%s-*-*.aot*" % os.path.splitext(JAR)[0]):
    os.unlink(stale)
  partial = cache + ".partial"
  directory = tempfile.mkdtemp(prefix="mnemos-aot-")
  try:
    server = MnemosProcess(mnemos_args_sqlite(os.path.join(directory, "train.db")), start_timeout=120,
                           java_options=["-XX:AOTCacheOutput=" + partial])
    try:
      store = server.store()
      write_sample(store)
      read_everything(store)
      server.graphql('{ runs(input: {pipeline: "churn"}) { nodes { name state metrics { name value } } } }')
      request = urllib.request.Request(
          "http://127.0.0.1:%d/api/2.0/mlflow/experiments/create" % server.http_port,
          data=json.dumps({"name": "training"}).encode(), headers={"Content-Type": "application/json"})
      urllib.request.urlopen(request, timeout=30).close()
    finally:
      # Writing the cache as the JVM exits takes longer than a plain stop.
      server.stop(patience=180)
    if os.path.exists(partial):
      os.replace(partial, cache)
    else:
      print("mnemos_harness: no ahead-of-time cache was made; servers start without one", file=sys.stderr)
  finally:
    shutil.rmtree(directory, ignore_errors=True)


class MnemosProcess:
  """A `mnemos serve` process on a free port; `store()` is an official gRPC client to it."""

  def __init__(self, args, start_timeout=60, java_options=None):
    self.port = free_port()
    self.http_port = free_port()
    self.log = tempfile.NamedTemporaryFile(prefix="mnemos-", suffix=".log", delete=False)
    self.data_dir = None
    if "--data_dir" not in args:
      # Each process its own search index: Lucene allows one writer per folder.
      self.data_dir = tempfile.mkdtemp(prefix="mnemos-data-")
      args = list(args) + ["--data_dir", self.data_dir]
    self.process = subprocess.Popen(
        java_command(["serve", "--grpc_port", str(self.port), "--http_port", str(self.http_port)] + list(args),
                     java_options),
        stdout=self.log, stderr=subprocess.STDOUT, cwd=REPO)
    deadline = time.time() + start_timeout
    while time.time() < deadline:
      if self.process.poll() is not None:
        raise RuntimeError("mnemos exited with %d:\n%s" % (self.process.returncode, self.output()))
      if all(listening(port) for port in (self.port, self.http_port)):
        return
      time.sleep(0.1)
    self.stop()
    raise RuntimeError("mnemos did not listen within %d s:\n%s" % (start_timeout, self.output()))

  def output(self):
    with open(self.log.name, encoding="utf-8", errors="replace") as f:
      return f.read()

  def graphql(self, query, variables=None):
    """The JSON answer of a GraphQL query over HTTP."""
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(
        "http://127.0.0.1:%d/graphql" % self.http_port, data=body,
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
      return json.load(response)

  def store(self, **config):
    return metadata_store.MetadataStore(
        mlmd.MetadataStoreClientConfig(host="127.0.0.1", port=self.port, **config))

  def stop(self, patience=20):
    terminate(self.process, patience)
    self.log.close()
    os.unlink(self.log.name)
    if self.data_dir:
      shutil.rmtree(self.data_dir, ignore_errors=True)


class MlflowServer:
  """The real MLflow tracking server (PyPI's `mlflow`, this Python's), on a SQLite file of its own."""

  def __init__(self, start_timeout=120, workers=1):
    self.directory = tempfile.mkdtemp(prefix="mlflow-server-")
    self.port = free_port()
    self.uri = "http://127.0.0.1:%d" % self.port
    self.log = open(os.path.join(self.directory, "server.log"), "w")
    self.process = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "mlflow"), "server",
         "--backend-store-uri", "sqlite:///" + os.path.join(self.directory, "mlflow.sqlite"),
         "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers)],
        stdout=self.log, stderr=subprocess.STDOUT, cwd=self.directory,
        # Usage reports are off through the environment (above). Its job runner (eight more
        # Python processes, a quarter of a gigabyte each) serves GenAI jobs no test asks for.
        env={**os.environ, "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false"})
    deadline = time.time() + start_timeout
    while time.time() < deadline:
      if self.process.poll() is not None:
        raise RuntimeError("mlflow server exited with %d:\n%s" % (self.process.returncode, self.output()))
      with contextlib.suppress(OSError), urllib.request.urlopen(self.uri + "/health", timeout=1) as answer:
        if answer.status == 200:
          return
      time.sleep(0.2)
    self.stop()
    raise RuntimeError("mlflow server did not answer within %d s:\n%s" % (start_timeout, self.output()))

  def output(self):
    with open(os.path.join(self.directory, "server.log"), encoding="utf-8", errors="replace") as f:
      return f.read()

  def stop(self):
    terminate(self.process)
    self.log.close()
    shutil.rmtree(self.directory, ignore_errors=True)


def run_mnemos(args, timeout=60):
  """Runs `mnemos serve` expecting it to exit (a refused database); returns (code, output)."""
  completed = subprocess.run(
      java_command(["serve", "--grpc_port", str(free_port()), "--http_port", str(free_port())] + list(args)),
      capture_output=True, text=True, timeout=timeout, cwd=REPO)
  return completed.returncode, completed.stdout + completed.stderr


def mysql_settings():
  """Host, port, user and password of the MariaDB/MySQL server for tests, or None."""
  host = os.environ.get("MNEMOS_TEST_MYSQL_HOST")
  if not host:
    return None
  return dict(host=host, port=int(os.environ.get("MNEMOS_TEST_MYSQL_PORT", "3306")),
              user=os.environ.get("MNEMOS_TEST_MYSQL_USER", "meta"),
              password=os.environ.get("MNEMOS_TEST_MYSQL_PASSWORD", "metapw"))


def postgres_settings():
  """Host, port, user and password of the PostgreSQL server for tests, or None. The user may create
  databases."""
  host = os.environ.get("MNEMOS_TEST_POSTGRES_HOST")
  if not host:
    return None
  return dict(host=host, port=int(os.environ.get("MNEMOS_TEST_POSTGRES_PORT", "5432")),
              user=os.environ.get("MNEMOS_TEST_POSTGRES_USER", "meta"),
              password=os.environ.get("MNEMOS_TEST_POSTGRES_PASSWORD", "metapw"))


def backends_for_module():
  """The backends a test module runs on: SQLite, and MariaDB/MySQL and PostgreSQL when configured."""
  return ["sqlite"] + (["mariadb"] if mysql_settings() else []) + (["postgresql"] if postgres_settings() else [])


def fresh_mysql_database():
  return "mnemos_conf_" + uuid.uuid4().hex[:12]


def drop_mysql_database(name):
  """Drops a database fresh_mysql_database named, once nothing writes to it: otherwise every test's
  database outlives it on a developer's MariaDB."""
  s = mysql_settings()
  subprocess.run(["mariadb", "-h", s["host"], "-P", str(s["port"]), "-u", s["user"], "-p" + s["password"],
                  "-e", "DROP DATABASE IF EXISTS `%s`" % name], check=True)


def fresh_oracle():
  """The MLMD library in-process on a new in-memory database: the reference answers."""
  config = mlmd.ConnectionConfig()
  config.fake_database.SetInParent()
  return metadata_store.MetadataStore(config)


def library_store_sqlite(path, **kwargs):
  config = mlmd.ConnectionConfig()
  config.sqlite.filename_uri = path
  config.sqlite.connection_mode = mlmd.SqliteMetadataSourceConfig.READWRITE_OPENCREATE
  return metadata_store.MetadataStore(config, **kwargs)


def library_store_mysql(database, **kwargs):
  s = mysql_settings()
  config = mlmd.ConnectionConfig()
  config.mysql.host = s["host"]
  config.mysql.port = s["port"]
  config.mysql.user = s["user"]
  config.mysql.password = s["password"]
  config.mysql.database = database
  return metadata_store.MetadataStore(config, **kwargs)


def psql(database, sql):
  """Runs SQL on the test PostgreSQL server with its own client, psql."""
  s = postgres_settings()
  subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", s["host"], "-p", str(s["port"]),
                  "-U", s["user"], "-d", database, "-c", sql],
                 check=True, env=dict(os.environ, PGPASSWORD=s["password"]))


def fresh_postgres_database():
  """The name of a new, empty database on the test PostgreSQL server."""
  name = "mnemos_conf_" + uuid.uuid4().hex[:12]
  psql("postgres", "CREATE DATABASE %s" % name)
  return name


def drop_postgres_database(name):
  """Drops a database fresh_postgres_database made, with whatever is still connected to it."""
  psql("postgres", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)


def library_store_postgres(database, **kwargs):
  s = postgres_settings()
  config = mlmd.ConnectionConfig()
  config.postgresql.host = s["host"]
  config.postgresql.port = str(s["port"])
  config.postgresql.user = s["user"]
  config.postgresql.password = s["password"]
  config.postgresql.dbname = database
  return metadata_store.MetadataStore(config, **kwargs)


def mnemos_args_postgres(database):
  s = postgres_settings()
  return ["--metadata_source_config_type", "postgresql", "--postgres_config_host", s["host"],
          "--postgres_config_port", str(s["port"]), "--postgres_config_dbname", database,
          "--postgres_config_user", s["user"], "--postgres_config_password", s["password"]]


def mnemos_args_sqlite(path):
  return ["--db", "jdbc:sqlite:" + path]


def mnemos_args_mysql(database):
  s = mysql_settings()
  return ["--mysql_config_host", s["host"], "--mysql_config_port", str(s["port"]),
          "--mysql_config_database", database, "--mysql_config_user", s["user"],
          "--mysql_config_password", s["password"]]


def write_sample(store, runs=3, modern_values=True):
  """Writes a small KFP-shaped history: typed nodes with every value kind, events, contexts.

  Without modern_values it leaves out BOOLEAN and PROTO values, which schemas before 10 cannot hold.
  """
  dataset_type = mlmd.ArtifactType(name="system.Dataset", base_type=mlmd.ArtifactType.DATASET,
                                   properties={"span": mlmd.INT, "split": mlmd.STRING})
  model_properties = {"accuracy": mlmd.DOUBLE, "config": mlmd.STRUCT}
  if modern_values:
    model_properties.update({"pushed": mlmd.BOOLEAN, "blob": mlmd.PROTO})
  model_type = mlmd.ArtifactType(name="system.Model", version="v2", description="a trained model — ü",
                                 properties=model_properties)
  trainer_type = mlmd.ExecutionType(name="system.ContainerExecution", base_type=mlmd.ExecutionType.TRAIN,
                                    properties={"image": mlmd.STRING})
  run_type = mlmd.ContextType(name="system.PipelineRun", properties={"owner": mlmd.STRING})
  pipeline_type = mlmd.ContextType(name="system.Pipeline", external_id="pipeline-type")
  dataset_type.id = store.put_artifact_type(dataset_type)
  model_type.id = store.put_artifact_type(model_type)
  trainer_type.id = store.put_execution_type(trainer_type)
  run_type.id = store.put_context_type(run_type)
  pipeline_type.id = store.put_context_type(pipeline_type)
  [pipeline_id] = store.put_contexts([mlmd.Context(type_id=pipeline_type.id, name="churn")])
  packed = any_pb2.Any()
  packed.Pack(wrappers_pb2.StringValue(value="opaque"))
  for run in range(runs):
    dataset = mlmd.Artifact(type_id=dataset_type.id, uri="gs://bucket/data/%d" % run,
                            state=mlmd.Artifact.LIVE, external_id="dataset-%d" % run)
    dataset.properties["span"].int_value = run
    dataset.properties["split"].string_value = "train"
    dataset.custom_properties["rows"].int_value = 1000 * (run + 1)
    model = mlmd.Artifact(type_id=model_type.id, uri="gs://bucket/model/%d" % run, name="model-%d" % run)
    model.properties["accuracy"].double_value = 0.8 + run / 100
    model.properties["config"].struct_value.update({"lr": 0.01, "layers": [64, 32], "name": "mlp"})
    if modern_values:
      model.properties["pushed"].bool_value = run % 2 == 0
      model.properties["blob"].proto_value.CopyFrom(packed)
    model.custom_properties["note"].string_value = "run %d" % run
    # Text beyond ASCII, in a name and a value: the library's MySQL client talks latin1.
    model.custom_properties["Beschreibung ü"].string_value = "Zoë %d 数据 😀" % run
    model.custom_properties["label"].string_value = "Zoë %d 数据 😀" % run
    execution = mlmd.Execution(type_id=trainer_type.id, last_known_state=mlmd.Execution.COMPLETE,
                               name="train-%d" % run)
    execution.properties["image"].string_value = "trainer:1.%d" % run
    execution.custom_properties["input:epochs"].int_value = 10 + run
    context = mlmd.Context(type_id=run_type.id, name="run-%d" % run, external_id="run-ext-%d" % run)
    context.properties["owner"].string_value = "alice"
    context.custom_properties["started"].struct_value.update({"by": "cron"})
    inp = mlmd.Event(type=mlmd.Event.INPUT)
    inp.path.steps.add().key = "examples"
    inp.path.steps.add().index = 0
    out = mlmd.Event(type=mlmd.Event.OUTPUT)
    out.path.steps.add().key = "model"
    _, _, [context_id] = store.put_execution(execution, [(dataset, inp), (model, out)], [context])
    store.put_parent_contexts([mlmd.ParentContext(child_id=context_id, parent_id=pipeline_id)])


def read_everything(store):
  """Every read the official client offers, as comparable values (protos with their ids)."""
  answers = {}
  answers["artifact_types"] = sorted(store.get_artifact_types(), key=lambda t: t.id)
  answers["execution_types"] = sorted(store.get_execution_types(), key=lambda t: t.id)
  answers["context_types"] = sorted(store.get_context_types(), key=lambda t: t.id)
  artifacts = sorted(store.get_artifacts(), key=lambda n: n.id)
  executions = sorted(store.get_executions(), key=lambda n: n.id)
  contexts = sorted(store.get_contexts(), key=lambda n: n.id)
  answers["artifacts"] = artifacts
  answers["executions"] = executions
  answers["contexts"] = contexts
  answers["artifacts_by_id"] = store.get_artifacts_by_id([a.id for a in artifacts])
  answers["executions_by_id"] = store.get_executions_by_id([e.id for e in executions])
  answers["contexts_by_id"] = store.get_contexts_by_id([c.id for c in contexts])
  for t in answers["artifact_types"]:
    answers["type:" + t.name] = store.get_artifact_type(t.name, t.version or None)
    answers["by_type:" + t.name] = store.get_artifacts_by_type(t.name, t.version or None)
  for t in answers["execution_types"]:
    answers["type:" + t.name] = store.get_execution_type(t.name, t.version or None)
    answers["by_type:" + t.name] = store.get_executions_by_type(t.name, t.version or None)
  for t in answers["context_types"]:
    answers["type:" + t.name] = store.get_context_type(t.name, t.version or None)
    answers["by_type:" + t.name] = store.get_contexts_by_type(t.name, t.version or None)
  for a in artifacts:
    answers["uri:" + a.uri] = store.get_artifacts_by_uri(a.uri)
    answers["events_of_artifact:%d" % a.id] = store.get_events_by_artifact_ids([a.id])
    answers["contexts_of_artifact:%d" % a.id] = store.get_contexts_by_artifact(a.id)
  for e in executions:
    answers["events_of_execution:%d" % e.id] = store.get_events_by_execution_ids([e.id])
    answers["contexts_of_execution:%d" % e.id] = store.get_contexts_by_execution(e.id)
    answers["execution_by_name:%d" % e.id] = store.get_execution_by_type_and_name(e.type, e.name)
  for c in contexts:
    answers["artifacts_in:%d" % c.id] = sorted(store.get_artifacts_by_context(c.id), key=lambda n: n.id)
    answers["executions_in:%d" % c.id] = sorted(store.get_executions_by_context(c.id), key=lambda n: n.id)
    answers["parents_of:%d" % c.id] = store.get_parent_contexts_by_context(c.id)
    answers["children_of:%d" % c.id] = store.get_children_contexts_by_context(c.id)
    answers["context_by_name:%d" % c.id] = store.get_context_by_type_and_name(c.type, c.name)
  artifact_external_ids = [a.external_id for a in artifacts if a.external_id]
  if artifact_external_ids:
    answers["artifacts_by_external_ids"] = store.get_artifacts_by_external_ids(artifact_external_ids)
  context_external_ids = [c.external_id for c in contexts if c.external_id]
  if context_external_ids:
    answers["contexts_by_external_ids"] = store.get_contexts_by_external_ids(context_external_ids)
  answers["artifact_types_by_id"] = store.get_artifact_types_by_id([t.id for t in answers["artifact_types"]])
  answers["execution_types_by_id"] = store.get_execution_types_by_id([t.id for t in answers["execution_types"]])
  answers["context_types_by_id"] = store.get_context_types_by_id([t.id for t in answers["context_types"]])
  answers["artifacts_and_types"] = list(store.get_artifacts_and_types_by_artifact_ids([a.id for a in artifacts]))
  for order in (metadata_store.OrderByField.ID, metadata_store.OrderByField.CREATE_TIME,
                metadata_store.OrderByField.UPDATE_TIME):
    for ascending in (True, False):
      options = metadata_store.ListOptions(limit=4, order_by=order, is_asc=ascending)
      key = "page:%s:%s" % (order, ascending)
      answers[key + ":artifacts"] = [a.id for a in store.get_artifacts(list_options=options)]
      answers[key + ":executions"] = [e.id for e in store.get_executions(list_options=options)]
      answers[key + ":contexts"] = [c.id for c in store.get_contexts(list_options=options)]
  answers["filtered"] = store.get_artifacts(list_options=metadata_store.ListOptions(
      filter_query="uri LIKE 'gs://%' AND contexts_a.type = 'system.PipelineRun'"))
  if artifacts:
    lineage = mlmd.LineageSubgraphQueryOptions(max_num_hops=3)
    lineage.starting_artifacts.filter_query = "id = %d" % artifacts[0].id
    graph = store.get_lineage_subgraph(lineage)
    answers["lineage"] = [sorted(a.id for a in graph.artifacts), sorted(e.id for e in graph.executions),
                          sorted((e.artifact_id, e.execution_id) for e in graph.events)]
  if any(t.name == "system.Pipeline" for t in answers["context_types"]):
    with contextlib.suppress(Exception):
      answers["context_types_by_external_ids"] = store.get_context_types_by_external_ids(["pipeline-type"])
  return answers


def comparable(answers, backend):
  """Answers with the library's documented quirks evened out (see docs/conformance.md).

  Doubles are compared at the 15 significant digits the library reads back; on MySQL/MariaDB the
  library's by-name type lookups leave out external_id, which Mnemos returns; on PostgreSQL the
  library's lists come in whatever order the server reads its rows (its queries order nothing), so
  they are compared in id order.
  """
  def even_out(key, value):
    if isinstance(value, list):
      items = [even_out(key, item) for item in value]
      if backend == "postgresql":
        items.sort(key=lambda item: (getattr(item, "id", 0), item.SerializeToString(deterministic=True))
                   if hasattr(item, "DESCRIPTOR") else (0, repr(item)))
      return items
    if not hasattr(value, "DESCRIPTOR"):
      return value
    message = copy.deepcopy(value)
    for field in ("properties", "custom_properties"):
      if hasattr(message, field):
        for property_value in getattr(message, field).values():
          if isinstance(property_value, mlmd.Value) and property_value.WhichOneof("value") == "double_value":
            property_value.double_value = float("%.15g" % property_value.double_value)
    if backend == "mariadb" and key.startswith("type:"):
      message.ClearField("external_id")
    return message

  return {key: even_out(key, value) for key, value in answers.items()}


class PrivateMariaDb:
  """A MariaDB server of its own on a free port, its data folder under `folder`, with the server's
  durable defaults (innodb_flush_log_at_trx_commit=1). Without `grants` anyone connects as root (for
  tests of durability); with them, users need what `sql()` grants (for tests of TLS and users)."""

  def __init__(self, folder, extra_args=(), grants=False):
    self.folder = folder
    self.datadir = os.path.join(folder, "mysql")
    self.socket = os.path.join(tempfile.mkdtemp(prefix="mnemos-mariadb-"), "mysqld.sock")
    self.port = free_port()
    self.extra_args = list(extra_args) + ([] if grants else ["--skip-grant-tables"])
    subprocess.run(["mariadb-install-db", "--no-defaults", "--user=root", "--datadir=" + self.datadir,
                    "--auth-root-authentication-method=normal", "--skip-test-db"],
                   check=True, capture_output=True)
    self.start()

  def start(self):
    self.log = open(os.path.join(os.path.dirname(self.socket), "server.log"), "a")
    self.process = subprocess.Popen(
        ["mariadbd", "--no-defaults", "--user=root", "--datadir=" + self.datadir, "--socket=" + self.socket,
         "--port=%d" % self.port, "--bind-address=127.0.0.1", "--innodb-flush-log-at-trx-commit=1"]
        + self.extra_args,
        stdout=self.log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while not listening(self.port):
      assert self.process.poll() is None, "mariadbd exited; see %s" % self.log.name
      assert time.time() < deadline, "mariadbd did not listen within 60 s"
      time.sleep(0.2)

  def sql(self, statements):
    """Runs `statements` as root over the server's socket (which TLS rules do not cover)."""
    subprocess.run(["mariadb", "--no-defaults", "--socket=" + self.socket, "-uroot", "-e", statements],
                   check=True, capture_output=True, text=True)

  def args(self):
    return ["--db", "jdbc:mysql://127.0.0.1:%d/metadb?user=root&createDatabaseIfNotExist=true" % self.port]

  def kill(self):
    self.process.kill()
    self.process.wait(30)
    self.log.close()
