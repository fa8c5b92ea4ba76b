"""Regenerates the test fixtures that only the MLMD library can make.

  python clients/conformance/make_fixtures.py

Writes (1) the official 1.17 descriptors of the MLMD protos, which the proto module's tests
compare ours against, and (2) SQLite databases written by the MLMD library itself at schema 10
and, through its own downgrade, at schemas 9, 8 and 7, which the migrations module adopts and
upgrades in its tests, (3) with MNEMOS_TEST_MYSQL_HOST set, the same four on MariaDB as SQL
dumps (mlmd-vN.mysql.sql), which the interrupted-setup test loads, and (4) with
MNEMOS_TEST_POSTGRES_HOST set, schema 10 on PostgreSQL (mlmd-v10.postgresql.sql; the library writes
no older schema there).
"""

import os
import shutil
import subprocess
import tempfile
import uuid

from google.protobuf import descriptor_pb2
from ml_metadata.metadata_store import metadata_store
from ml_metadata.proto import metadata_store_pb2, metadata_store_service_pb2

import mnemos_harness

PROTO_FIXTURE = os.path.join(mnemos_harness.REPO, "proto", "src", "test", "resources", "mlmd-1.17.1-descriptors.binpb")
DB_FIXTURES = os.path.join(mnemos_harness.REPO, "migrations", "src", "test", "resources", "mlmd-fixtures")


def write_descriptors():
  descriptors = descriptor_pb2.FileDescriptorSet()
  for module in (metadata_store_pb2, metadata_store_service_pb2):
    module.DESCRIPTOR.CopyToProto(descriptors.file.add())
  os.makedirs(os.path.dirname(PROTO_FIXTURE), exist_ok=True)
  with open(PROTO_FIXTURE, "wb") as f:
    f.write(descriptors.SerializeToString(deterministic=True))


def write_databases():
  os.makedirs(DB_FIXTURES, exist_ok=True)
  with tempfile.TemporaryDirectory() as tmp:
    v10 = os.path.join(tmp, "v10.sqlite")
    mnemos_harness.write_sample(mnemos_harness.library_store_sqlite(v10))
    shutil.copy(v10, os.path.join(DB_FIXTURES, "mlmd-v10.sqlite"))
    old = os.path.join(tmp, "old.sqlite")
    mnemos_harness.write_sample(mnemos_harness.library_store_sqlite(old), modern_values=False)
    for version in (9, 8, 7):
      path = os.path.join(tmp, "v%d.sqlite" % version)
      shutil.copy(old, path)
      config = metadata_store_pb2.ConnectionConfig()
      config.sqlite.filename_uri = path
      metadata_store.downgrade_schema(config, version)
      shutil.copy(path, os.path.join(DB_FIXTURES, "mlmd-v%d.sqlite" % version))


def write_mysql_dumps():
  s = mnemos_harness.mysql_settings()
  credentials = ["-h", s["host"], "-P", str(s["port"]), "-u", s["user"], "-p" + s["password"]]
  for version, modern in ((10, True), (9, False), (8, False), (7, False)):
    name = "mnemos_fixture_" + uuid.uuid4().hex[:12]
    subprocess.run(["mariadb"] + credentials + ["-e", "CREATE DATABASE `%s`" % name], check=True)
    try:
      mnemos_harness.write_sample(mnemos_harness.library_store_mysql(name), modern_values=modern)
      if version < 10:
        config = metadata_store_pb2.ConnectionConfig()
        config.mysql.host, config.mysql.port = s["host"], s["port"]
        config.mysql.user, config.mysql.password, config.mysql.database = s["user"], s["password"], name
        metadata_store.downgrade_schema(config, version)
      dump = subprocess.run(["mariadb-dump", "--skip-comments", "--skip-dump-date", "--skip-lock-tables",
                             "--skip-add-locks", "--skip-disable-keys", "--skip-set-charset", "--compact"]
                            + credentials + [name], check=True, capture_output=True, text=True).stdout
      # The first line is a MariaDB client command (sandbox mode), not SQL.
      dump = "\n".join(line for line in dump.split("\n") if not line.startswith("/*M!999999"))
      with open(os.path.join(DB_FIXTURES, "mlmd-v%d.mysql.sql" % version), "w") as f:
        f.write(dump)
    finally:
      subprocess.run(["mariadb"] + credentials + ["-e", "DROP DATABASE `%s`" % name], check=True)


def write_postgres_dump():
  s = mnemos_harness.postgres_settings()
  name = "mnemos_fixture_" + uuid.uuid4().hex[:12]
  try:
    # The library creates the database itself.
    mnemos_harness.write_sample(mnemos_harness.library_store_postgres(name))
    dump = subprocess.run(["pg_dump", "--no-owner", "--no-privileges", "--inserts", "--no-comments",
                           "-h", s["host"], "-p", str(s["port"]), "-U", s["user"], name],
                          check=True, capture_output=True, text=True,
                          env=dict(os.environ, PGPASSWORD=s["password"])).stdout
    # SQL statements only, for JDBC: no psql meta-commands, comments or session settings (one
    # empties the search path).
    lines = [line for line in dump.split("\n")
             if line and not line.startswith(("\\", "--", "SET ", "SELECT pg_catalog.set_config"))]
    with open(os.path.join(DB_FIXTURES, "mlmd-v10.postgresql.sql"), "w") as f:
      f.write("\n".join(lines) + "\n")
  finally:
    mnemos_harness.drop_postgres_database(name)


if __name__ == "__main__":
  write_descriptors()
  write_databases()
  if mnemos_harness.mysql_settings():
    write_mysql_dumps()
  if mnemos_harness.postgres_settings():
    write_postgres_dump()
  print("fixtures written to", PROTO_FIXTURE, "and", DB_FIXTURES)
