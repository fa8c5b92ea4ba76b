"""Acknowledged writes survive an OS-level fault. Each store's data lives on a small ext4 file system
of its own (a loop device, mounted errors=remount-ro); writes are acknowledged through the official
client, then the file system is forced into error (ext4's trigger_fs_error: the journal aborts and
what was not yet on disk is lost, as in a crash), the processes are killed, the file system is
checked (fsck) and mounted again, and every acknowledged write must be there.

A control first shows that the fault bites: the same injection under SQLite's WAL with
synchronous=NORMAL loses acknowledged commits. Needs root and loop devices (CI has both)."""

import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile

import pytest
from ml_metadata.proto import metadata_store_pb2 as mlmd

import mnemos_harness

WRITES = 20


def can_mount():
  return os.geteuid() == 0 and os.path.exists("/dev/loop-control") and os.path.exists("/sys/fs/ext4")


if not can_mount():
  if os.environ.get("CI") == "true":
    raise RuntimeError("the durability tests need root and loop devices, which CI has")
  pytestmark = pytest.mark.skip(reason="needs root and loop devices (CI has both)")


def sh(command):
  return subprocess.run(command, shell=True, check=True, capture_output=True, text=True).stdout.strip()


class LoopFileSystem:
  """A 256 MiB ext4 file system in a file, mounted at `path`, that can be forced into error."""

  def __init__(self):
    self.dir = tempfile.mkdtemp(prefix="mnemos-fs-")
    self.image = os.path.join(self.dir, "fs.img")
    self.path = os.path.join(self.dir, "mnt")
    os.mkdir(self.path)
    sh("truncate -s 256M %s && mkfs.ext4 -q %s" % (self.image, self.image))
    self.mount()

  def mount(self):
    sh("mount -o loop,errors=remount-ro %s %s" % (self.image, self.path))
    self.device = os.path.basename(sh("findmnt -n -o SOURCE %s" % self.path))

  def fail(self):
    """The file system errs: its journal aborts and it turns read-only; unsynced data is lost."""
    with open("/sys/fs/ext4/%s/trigger_fs_error" % self.device, "w") as f:
      f.write("1")

  def remount_after_fsck(self):
    sh("umount %s" % self.path)
    # fsck exits 1 when it repaired something, which after an error it usually does.
    subprocess.run(["fsck.ext4", "-fy", self.image], capture_output=True)
    self.mount()

  def remove(self):
    subprocess.run(["umount", self.path], capture_output=True)
    shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def filesystem():
  fs = LoopFileSystem()
  yield fs
  fs.remove()


def kill(process):
  process.kill()
  process.wait(30)


def put_executions(store):
  type_id = store.put_execution_type(mlmd.ExecutionType(name="Step"))
  acknowledged = []
  for i in range(WRITES):
    [execution_id] = store.put_executions([mlmd.Execution(type_id=type_id, name="step-%d" % i)])
    acknowledged.append(execution_id)
  return acknowledged


def test_the_fault_loses_commits_that_were_not_synced(filesystem):
  database = os.path.join(filesystem.path, "control.sqlite")
  connection = sqlite3.connect(database, isolation_level=None)
  connection.execute("PRAGMA journal_mode=WAL")
  connection.execute("PRAGMA synchronous=NORMAL")
  connection.execute("CREATE TABLE t (x)")
  sh("sync")
  for i in range(WRITES):
    connection.execute("INSERT INTO t VALUES (?)", (i,))
  filesystem.fail()
  connection.close()
  filesystem.remount_after_fsck()
  with contextlib.closing(sqlite3.connect(database)) as reopened:
    kept = reopened.execute("SELECT count(*) FROM t").fetchone()[0]
  assert kept < WRITES, "the injected fault must lose unsynced commits, or this test proves nothing"


def test_sqlite_keeps_every_acknowledged_write(filesystem):
  args = ["--db", "jdbc:sqlite:" + os.path.join(filesystem.path, "metadata.sqlite"),
          "--data_dir", os.path.join(filesystem.path, "data")]
  server = mnemos_harness.MnemosProcess(args)
  try:
    acknowledged = put_executions(server.store())
    filesystem.fail()
  finally:
    kill(server.process)
  filesystem.remount_after_fsck()

  server = mnemos_harness.MnemosProcess(args)
  try:
    found = server.store().get_executions_by_id(acknowledged)
    assert sorted(e.id for e in found) == sorted(acknowledged)
  finally:
    server.stop()


def test_mariadb_keeps_every_acknowledged_write(filesystem):
  server_db = mnemos_harness.PrivateMariaDb(filesystem.path)
  try:
    server = mnemos_harness.MnemosProcess(server_db.args())
    try:
      acknowledged = put_executions(server.store())
      filesystem.fail()
    finally:
      kill(server.process)
  finally:
    server_db.kill()
  filesystem.remount_after_fsck()

  server_db.start()
  try:
    server = mnemos_harness.MnemosProcess(server_db.args())
    try:
      found = server.store().get_executions_by_id(acknowledged)
      assert sorted(e.id for e in found) == sorted(acknowledged)
    finally:
      server.stop()
  finally:
    server_db.kill()
