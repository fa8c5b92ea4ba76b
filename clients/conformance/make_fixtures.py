"""Regenerates the test fixtures that only the MLMD library can make.

  python clients/conformance/make_fixtures.py

Writes (1) the official 1.17 descriptors of the MLMD protos, which the proto module's tests
compare ours against, and (2) SQLite databases written by the MLMD library itself at schema 10
and, through its own downgrade, at schemas 9, 8 and 7, which the migrations module adopts and
upgrades in its tests.
"""

import os
import shutil
import tempfile

from google.protobuf import descriptor_pb2
from ml_metadata.metadata_store import metadata_store
from ml_metadata.proto import metadata_store_pb2
from ml_metadata.proto import metadata_store_service_pb2

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


if __name__ == "__main__":
  write_descriptors()
  write_databases()
  print("fixtures written to", PROTO_FIXTURE, "and", DB_FIXTURES)
