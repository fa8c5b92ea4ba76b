"""Fixtures for Mnemos' own conformance tests: servers on each backend, driven by the official client."""

import os
import sqlite3
import subprocess
import tempfile

import pytest

import mnemos_harness


def backends():
  names = ["sqlite"]
  if mnemos_harness.mysql_settings():
    names.append("mariadb")
  elif os.environ.get("CI") == "true":
    raise RuntimeError("MNEMOS_TEST_MYSQL_HOST is not set: CI must run the conformance suite on MariaDB too")
  if mnemos_harness.postgres_settings():
    names.append("postgresql")
  elif os.environ.get("CI") == "true":
    raise RuntimeError("MNEMOS_TEST_POSTGRES_HOST is not set: CI must run the conformance suite on PostgreSQL too")
  return names


@pytest.fixture(params=backends())
def backend(request):
  return request.param


class Database:
  """A fresh database on one backend, usable by Mnemos (args) and by the MLMD library (library())."""

  def __init__(self, backend, directory):
    self.backend = backend
    if backend == "sqlite":
      self.path = os.path.join(directory, "metadata.sqlite")
      self.args = mnemos_harness.mnemos_args_sqlite(self.path)
    elif backend == "mariadb":
      self.name = mnemos_harness.fresh_mysql_database()
      self.args = mnemos_harness.mnemos_args_mysql(self.name)
    else:
      self.name = mnemos_harness.fresh_postgres_database()
      self.args = mnemos_harness.mnemos_args_postgres(self.name)

  def drop(self):
    """Removes the server's database (a SQLite file goes with its folder)."""
    if self.backend == "mariadb":
      mnemos_harness.drop_mysql_database(self.name)
    elif self.backend == "postgresql":
      mnemos_harness.drop_postgres_database(self.name)

  def library(self, **kwargs):
    if self.backend == "sqlite":
      return mnemos_harness.library_store_sqlite(self.path, **kwargs)
    if self.backend == "mariadb":
      return mnemos_harness.library_store_mysql(self.name, **kwargs)
    return mnemos_harness.library_store_postgres(self.name, **kwargs)

  def table(self, mlmd_name):
    """How SQL names one of MLMD's tables here: CamelCase quoted on SQLite and MySQL, lower case on
    PostgreSQL, where MLMD's DDL is unquoted."""
    return mlmd_name.lower() if self.backend == "postgresql" else "`%s`" % mlmd_name

  def sql(self, script):
    """Runs SQL statements (separated by ';') on the database with the backend's own client."""
    if self.backend == "sqlite":
      with sqlite3.connect(self.path) as connection:
        connection.executescript(script)
    elif self.backend == "mariadb":
      s = mnemos_harness.mysql_settings()
      subprocess.run(["mariadb", "-h", s["host"], "-P", str(s["port"]), "-u", s["user"], "-p" + s["password"],
                      self.name, "-e", script], check=True)
    else:
      mnemos_harness.psql(self.name, script)


@pytest.fixture
def database(backend):
  with tempfile.TemporaryDirectory() as directory:
    database = Database(backend, directory)
    yield database
    database.drop()


@pytest.fixture
def mnemos(database):
  server = mnemos_harness.MnemosProcess(database.args)
  yield server
  server.stop()


TABLES = ("Type", "TypeProperty", "ParentType", "Artifact", "ArtifactProperty", "Execution", "ExecutionProperty",
          "Context", "ContextProperty", "ParentContext", "Event", "EventPath", "Association", "Attribution")
SIMPLE_TYPES = (("mlmd.Dataset", 1), ("mlmd.Model", 1), ("mlmd.Metrics", 1), ("mlmd.Statistics", 1),
                ("mlmd.Train", 0), ("mlmd.Transform", 0), ("mlmd.Process", 0), ("mlmd.Evaluate", 0), ("mlmd.Deploy", 0))



class ResettableMnemos:
  """One Mnemos server for a test module; reset() empties its database between uses."""

  def __init__(self, backend, directory):
    self.backend = backend
    self.database = Database(backend, directory)
    self.server = mnemos_harness.MnemosProcess(self.database.args)
    self.store = self.server.store()

  def reset(self):
    """Deletes every row, restarts the id counters and restores the simple types, as in a new store.

    Type ids go on counting: the server keeps the types it has seen by id (in MLMD a type's
    properties never change kind), and a reset behind its back must not hand it another type under
    an id it knows. The differential test compares type ids as ordinals, so nothing else changes.
    """
    database = self.database
    simple_types = ";".join("INSERT INTO %s (name, type_kind) VALUES ('%s', %d)" % ((database.table("Type"),) + t)
                            for t in SIMPLE_TYPES)
    if self.backend == "sqlite":
      script = ("".join("DELETE FROM `%s`;" % t for t in TABLES)
                + "DELETE FROM sqlite_sequence WHERE name != 'Type';" + simple_types + ";")
    elif self.backend == "mariadb":
      script = ("".join("TRUNCATE TABLE `%s`;" % t for t in TABLES if t != "Type") + "DELETE FROM `Type`;"
                + simple_types + ";")
    else:
      script = ("TRUNCATE TABLE %s RESTART IDENTITY;" % ", ".join(t.lower() for t in TABLES if t != "Type")
                + "DELETE FROM type;" + simple_types + ";")
    database.sql(script)


@pytest.fixture(scope="module", params=backends())
def resettable_mnemos(request):
  with tempfile.TemporaryDirectory() as directory:
    mnemos = ResettableMnemos(request.param, directory)
    yield mnemos
    mnemos.server.stop()
    mnemos.database.drop()
