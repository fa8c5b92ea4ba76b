"""A database written by the MLMD library is served by Mnemos with the library's own answers, and one
written by Mnemos is read by the library as Mnemos reads it; older schemas are upgraded only when
asked, and then read by the library exactly as after its own upgrade; newer ones are refused."""

import shutil
import subprocess

import pytest
from ml_metadata.metadata_store import metadata_store
from ml_metadata.proto import metadata_store_pb2 as mlmd

import mnemos_harness


def copy_database(database, source, target):
  if database.backend == "sqlite":
    shutil.copy(source.path, target.path)
    return
  s = mnemos_harness.mysql_settings()
  credentials = ["-h", s["host"], "-P", str(s["port"]), "-u", s["user"], "-p" + s["password"]]
  subprocess.run(["mariadb"] + credentials + ["-e", "CREATE DATABASE `%s`" % target.name], check=True)
  dump = subprocess.run(["mariadb-dump"] + credentials + [source.name], check=True, capture_output=True)
  subprocess.run(["mariadb"] + credentials + [target.name], input=dump.stdout, check=True)


def downgrade(database, version):
  config = mlmd.ConnectionConfig()
  if database.backend == "sqlite":
    config.sqlite.filename_uri = database.path
  else:
    s = mnemos_harness.mysql_settings()
    config.mysql.host, config.mysql.port = s["host"], s["port"]
    config.mysql.user, config.mysql.password, config.mysql.database = s["user"], s["password"], database.name
  metadata_store.downgrade_schema(config, version)


def set_schema_version(database, version):
  database.sql("UPDATE %s SET schema_version = %d" % (database.table("MLMDEnv"), version))


def assert_same_answers(expected, actual, backend):
  expected = mnemos_harness.comparable(expected, backend)
  actual = mnemos_harness.comparable(actual, backend)
  assert expected.keys() == actual.keys()
  for key in expected:
    assert actual[key] == expected[key], key


def test_library_database_is_served_with_the_library_answers(database):
  library = database.library()
  mnemos_harness.write_sample(library)
  expected = mnemos_harness.read_everything(library)

  server = mnemos_harness.MnemosProcess(database.args)
  try:
    served = mnemos_harness.read_everything(server.store())
  finally:
    server.stop()

  assert_same_answers(expected, served, database.backend)


def test_mnemos_database_is_read_by_the_library_as_mnemos_reads_it(database):
  server = mnemos_harness.MnemosProcess(database.args)
  try:
    mnemos_harness.write_sample(server.store())
    served = mnemos_harness.read_everything(server.store())
  finally:
    server.stop()

  assert_same_answers(served, mnemos_harness.read_everything(database.library()), database.backend)


@pytest.mark.parametrize("version", [7, 8, 9])
def test_older_schema_is_upgraded_only_when_asked_like_the_library_does(database, version, tmp_path):
  if database.backend == "postgresql":
    # The library writes PostgreSQL databases at schema 10 only (and cannot downgrade them): an
    # older version there is no database it made, and is refused even with upgrades enabled.
    mnemos_harness.write_sample(database.library(), runs=1)
    set_schema_version(database, version)
    code, output = mnemos_harness.run_mnemos(database.args + ["--enable_database_upgrade=true"])
    assert code == 1
    assert "FAILED_PRECONDITION: MLMD database version %d on PostgreSQL" % version in output
    assert "no upgrade" in output
    return
  mnemos_harness.write_sample(database.library(), modern_values=False)
  downgrade(database, version)
  twin = type(database)(database.backend, str(tmp_path))
  try:
    copy_database(database, database, twin)
    check_upgrade(database, twin, version)
  finally:
    twin.drop()


def check_upgrade(database, twin, version):
  code, output = mnemos_harness.run_mnemos(database.args)
  assert code == 1
  assert "FAILED_PRECONDITION" in output and ("version %d is older" % version) in output

  server = mnemos_harness.MnemosProcess(database.args + ["--enable_database_upgrade=true"])
  try:
    served = mnemos_harness.read_everything(server.store())
  finally:
    server.stop()
  upgraded_by_library = mnemos_harness.read_everything(twin.library(enable_upgrade_migration=True))

  assert_same_answers(upgraded_by_library, mnemos_harness.read_everything(database.library()), database.backend)
  assert_same_answers(upgraded_by_library, served, database.backend)


def test_newer_schema_is_refused(database):
  mnemos_harness.write_sample(database.library(), runs=1)
  set_schema_version(database, 11)

  code, output = mnemos_harness.run_mnemos(database.args + ["--enable_database_upgrade"])

  assert code == 1
  assert "FAILED_PRECONDITION: MLMD database version 11 is greater than library version 10" in output
