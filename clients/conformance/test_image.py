"""The container image (`./mnemos image`) run as KFP runs MLMD's server, under podman.

`./mnemos test` builds the image for this machine's platform (app/target/mnemos-image-test.tar)
where it can (root, mmdebstrap, podman; always in CI). Here podman loads it and runs it with the
exact arguments of KFP 2.17's `metadata-grpc-deployment` on the MariaDB of the tests, as that
Deployment runs it: uid 1000 gid 0, read-only root file system, volumes on the data folder and
/tmp, a memory limit. The official client then replays a KFP run (v1 writer and v2
driver/launcher) and every answer must equal the MLMD library's. Also: the TLS overlay (its init
container's script run by the image's own /bin/sh and sed, then the server on the file it wrote),
an arbitrary uid of group 0 on the embedded SQLite store in the image's data folder, and SIGTERM.
"""

import os
import re
import subprocess
import time
import urllib.error
import urllib.request
import uuid

import pytest
from ml_metadata.metadata_store import metadata_store
from ml_metadata.proto import metadata_store_pb2 as mlmd

import certificates
import mnemos_harness
import test_kfp_replay

ARCHIVE = os.environ.get("MNEMOS_IMAGE_ARCHIVE") or os.path.join(
    mnemos_harness.REPO, "app", "target", "mnemos-image-test.tar")
KFP_RESOURCES = os.path.join(mnemos_harness.REPO, "app", "src", "test", "resources", "kfp")
CHANNEL_ARGUMENTS = ("--grpc_channel_arguments=grpc.max_metadata_size=16384,"
                     "grpc.max_receive_message_length=104857600,grpc.max_send_message_length=104857600")
MEMORY_LIMIT = 768 * 1024 * 1024
# slirp4netns gives the container its own network with the host's loopback at this address: the
# container's ports are KFP's own (8080, 8081), mapped to free ports of the host.
HOST_LOOPBACK = "10.0.2.2"


def podman(*args, check=True, timeout=300):
  completed = subprocess.run(["podman"] + list(args), capture_output=True, text=True, timeout=timeout)
  if check and completed.returncode != 0:
    raise AssertionError("podman %s failed (%d):\n%s%s" % (
        " ".join(args[:2]), completed.returncode, completed.stdout, completed.stderr))
  return completed


@pytest.fixture(scope="module")
def image():
  if not os.path.exists(ARCHIVE):
    message = "no image archive %s: ./mnemos test builds it where root, mmdebstrap and podman are" % ARCHIVE
    if os.environ.get("CI") == "true":
      pytest.fail(message)
    pytest.skip(message)
  loaded = podman("load", "--input", ARCHIVE).stdout
  match = re.search(r"Loaded image(?:\(s\))?: (\S+)", loaded)
  assert match, loaded
  return match.group(1)


@pytest.fixture(scope="module")
def mysql():
  settings = mnemos_harness.mysql_settings()
  if settings is None:
    if os.environ.get("CI") == "true":
      pytest.fail("MNEMOS_TEST_MYSQL_HOST is not set: CI runs the image on MariaDB")
    pytest.skip("needs MariaDB (MNEMOS_TEST_MYSQL_HOST)")
  host = HOST_LOOPBACK if settings["host"] in ("127.0.0.1", "localhost") else settings["host"]
  return dict(settings, host=host)


class Container:
  """One `podman run -d` of the image, its gRPC and HTTP ports mapped to free ports on loopback."""

  def __init__(self, image, args, options=()):
    self.name = "mnemos-test-" + uuid.uuid4().hex[:10]
    self.grpc_port = mnemos_harness.free_port()
    self.http_port = mnemos_harness.free_port()
    podman("run", "--detach", "--name", self.name,
           "--network=slirp4netns:allow_host_loopback=true",
           "--publish", "127.0.0.1:%d:8080" % self.grpc_port,
           "--publish", "127.0.0.1:%d:8081" % self.http_port,
           *options, image, *args)

  def http(self, path):
    """(status, body) of a GET on the container's HTTP port."""
    try:
      with urllib.request.urlopen("http://127.0.0.1:%d%s" % (self.http_port, path), timeout=10) as response:
        return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
      return e.code, e.read().decode()

  def running(self):
    return podman("inspect", "--format", "{{.State.Running}}", self.name).stdout.strip() == "true"

  def logs(self):
    completed = podman("logs", self.name, check=False)
    return completed.stdout + completed.stderr

  def wait_ready(self, timeout=180):
    deadline = time.time() + timeout
    while time.time() < deadline:
      if not self.running():
        raise AssertionError("the container exited:\n" + self.logs())
      try:
        if self.http("/readyz")[0] == 200:
          return self
      except OSError:
        pass  # not listening yet
      time.sleep(0.25)
    raise AssertionError("not ready within %d s:\n%s" % (timeout, self.logs()))

  def store(self, **ssl):
    config = mlmd.MetadataStoreClientConfig(host="localhost", port=self.grpc_port)
    for field, value in ssl.items():
      setattr(config.ssl_config, field, value)
    return metadata_store.MetadataStore(config)

  def stop(self, timeout=30):
    """SIGTERM, as the kubelet sends it; returns (exit code, seconds it took)."""
    start = time.time()
    podman("stop", "--time", str(timeout), self.name, timeout=timeout + 30)
    code = int(podman("inspect", "--format", "{{.State.ExitCode}}", self.name).stdout.strip())
    return code, time.time() - start

  def remove(self):
    podman("rm", "--force", self.name, check=False)


def kfp_arguments(mysql, database):
  """metadata-grpc-deployment's arguments in KFP 2.16 and 2.17, after the kubelet's substitution."""
  return ["--grpc_port=8080", "--mysql_config_database=" + database,
          "--mysql_config_host=" + mysql["host"], "--mysql_config_port=%d" % mysql["port"],
          "--mysql_config_user=" + mysql["user"], "--mysql_config_password=" + mysql["password"],
          "--enable_database_upgrade=true", CHANNEL_ARGUMENTS]


# What KFP's Deployment (with deploy/kfp) gives the container.
AS_KFP_RUNS_IT = ("--user", "1000:0", "--read-only", "--memory", str(MEMORY_LIMIT),
                  "--tmpfs", "/var/lib/mnemos:rw,mode=1777", "--tmpfs", "/tmp:rw,mode=1777")


@pytest.fixture(scope="module")
def kfp_server(image, mysql):
  container = Container(image, kfp_arguments(mysql, mnemos_harness.fresh_mysql_database()), AS_KFP_RUNS_IT)
  try:
    yield container.wait_ready()
  finally:
    container.remove()


def test_a_kfp_run_through_the_official_client_answers_as_the_library(kfp_server):
  oracle = test_kfp_replay.Recorder(mnemos_harness.fresh_oracle())
  served = test_kfp_replay.Recorder(kfp_server.store())
  for replay in (test_kfp_replay.v1_writer, test_kfp_replay.v2_driver_and_launcher):
    replay(oracle)
    replay(served)
  test_kfp_replay.assert_same_answers(oracle, served, at_least=60)


def test_the_heap_is_sized_from_the_memory_limit(kfp_server):
  status, metrics = kfp_server.http("/metrics")
  assert status == 200
  heap = float(re.search(r'^jvm_memory_max_bytes\{area="heap"\} (\S+)$', metrics, re.M).group(1))
  # 75 % of the limit, less what G1 rounds to its regions.
  assert 0.65 * MEMORY_LIMIT < heap <= 0.75 * MEMORY_LIMIT, heap


def test_probes_and_metrics_answer(kfp_server):
  kfp_server.store().get_artifact_types()
  assert kfp_server.http("/healthz")[0] == 200
  assert kfp_server.http("/readyz")[0] == 200
  metrics = kfp_server.http("/metrics")[1]
  assert re.search(r'grpc_server_handled_total\{.*grpc_method="GetArtifactTypes".*\} [1-9]', metrics), metrics[:2000]
  # The password sits in the arguments here (as KFP passes it) but never in logs or metrics.
  assert "metapw" not in metrics
  assert "metapw" not in kfp_server.logs()


def test_the_tls_overlay_init_container_and_server_run_on_the_image(image, mysql, tmp_path):
  """KFP's TLS overlay: its generate-config script in the image's /bin/sh, then the server on it."""
  certs, config = tmp_path / "certs", tmp_path / "grpc"
  config.mkdir()
  config.chmod(0o777)
  # The overlay mounts cert-manager's secret: tls.key (PKCS#1), tls.crt and ca.crt.
  authority = certificates.Authority(tmp_path / "ca")
  cert, key = authority.issue("localhost", san="DNS:localhost")
  certs.mkdir()
  for name, source in (("tls.key", key), ("tls.crt", cert), ("ca.crt", authority.cert)):
    (certs / name).write_bytes(source.read_bytes())
    (certs / name).chmod(0o644)
  script = (open(os.path.join(KFP_RESOURCES, "generate-config.sh")).read())
  environment = ["MYSQL_HOST=" + mysql["host"], "MYSQL_PORT=%d" % mysql["port"],
                 "MYSQL_DATABASE=" + mnemos_harness.fresh_mysql_database(),
                 "DBCONFIG_USER=" + mysql["user"], "DBCONFIG_PASSWORD=" + mysql["password"]]
  volumes = ["--volume", "%s:/etc/grpc:rw" % config, "--volume", "%s:/etc/pki/tls/certs:ro" % certs]
  init = podman("run", "--rm", "--user", "1000:0", "--read-only", "--entrypoint", "/bin/sh",
                *[item for pair in zip(["--env"] * len(environment), environment, strict=True) for item in pair], *volumes,
                image, "-c", script, check=False)
  assert init.returncode == 0, init.stderr
  assert "ssl_config" in (config / "config.proto").read_text()
  server = Container(image, ["--grpc_port=8080", "--metadata_store_server_config_file=/etc/grpc/config.proto",
                             "--enable_database_upgrade=true", CHANNEL_ARGUMENTS],
                     AS_KFP_RUNS_IT + tuple(volumes))
  try:
    server.wait_ready()
    store = server.store(custom_ca=(certs / "ca.crt").read_text())
    type_id = store.put_artifact_type(mlmd.ArtifactType(name="system.Model"))
    [artifact_id] = store.put_artifacts([mlmd.Artifact(type_id=type_id, uri="minio://model")])
    assert store.get_artifacts_by_id([artifact_id])[0].uri == "minio://model"
  finally:
    server.remove()


def test_any_uid_of_group_0_keeps_sqlite_in_the_image_and_sigterm_stops_it_cleanly(image):
  """No flags, no volume: the embedded store in /var/lib/mnemos, as OpenShift runs an arbitrary uid."""
  server = Container(image, [], ("--user", "104729:0"))
  try:
    store = server.wait_ready().store()
    type_id = store.put_execution_type(mlmd.ExecutionType(name="system.ContainerExecution"))
    store.put_executions([mlmd.Execution(type_id=type_id, last_known_state=mlmd.Execution.RUNNING)])
    listing = podman("exec", server.name, "/bin/sh", "-c", "ls -n /var/lib/mnemos/mnemos-data").stdout
    assert "metadata.sqlite" in listing and " 104729 0 " in listing, listing
    code, seconds = server.stop()
    # The JVM's exit status after a SIGTERM it handled: shutdown hooks ran, then 128 + 15.
    assert code == 143, server.logs()
    assert seconds < 25, seconds
    logs = server.logs()
    assert "Shutting down" in logs
    assert "Exception" not in logs, logs
  finally:
    server.remove()
