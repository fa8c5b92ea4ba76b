"""Fixtures for Mnemos' own conformance tests: servers on each backend, driven by the official client."""

import os
import tempfile

import pytest

import mnemos_harness


def backends():
  names = ["sqlite"]
  if mnemos_harness.mysql_settings():
    names.append("mariadb")
  elif os.environ.get("CI") == "true":
    raise RuntimeError("MNEMOS_TEST_MYSQL_HOST is not set: CI must run the conformance suite on MariaDB too")
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
    else:
      self.name = mnemos_harness.fresh_mysql_database()
      self.args = mnemos_harness.mnemos_args_mysql(self.name)

  def library(self, **kwargs):
    if self.backend == "sqlite":
      return mnemos_harness.library_store_sqlite(self.path, **kwargs)
    return mnemos_harness.library_store_mysql(self.name, **kwargs)


@pytest.fixture
def database(backend):
  with tempfile.TemporaryDirectory() as directory:
    yield Database(backend, directory)


@pytest.fixture
def mnemos(database):
  server = mnemos_harness.MnemosProcess(database.args)
  yield server
  server.stop()
