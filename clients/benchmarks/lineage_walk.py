"""Benchmark: a lineage walk on a large MLMD store on MariaDB, Mnemos against the MLMD library.

  python clients/benchmarks/lineage_walk.py [--nodes 1000000] [--hops 10] [--repeats 30] [--warmup-seconds 20]

Builds (once per size) a database of `--nodes` nodes in layers that alternate artifacts and
executions; node i of a layer is an input to (or output of) nodes 2i and 2i+1 of the next, so a
downstream walk from one node doubles per hop. The schema and types come from the MLMD library;
the rows are bulk-inserted with SQL. Then the same GetLineageSubgraph request is timed through the
official client against Mnemos over gRPC, and against the in-process MLMD library (1.17, C++) on
the same database as the reference, each after the same warm-up time. Prints medians and the
ratio Mnemos / MLMD.
Needs MNEMOS_TEST_MYSQL_HOST (and _PORT, _USER, _PASSWORD) like the conformance suite.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))

from ml_metadata.proto import metadata_store_pb2 as mlmd  # noqa: E402
from ml_metadata.proto import metadata_store_service_pb2 as service  # noqa: E402

import mnemos_harness  # noqa: E402

LAYERS = 20


def sql(database, statement):
  s = mnemos_harness.mysql_settings()
  subprocess.run(["mariadb", "-h", s["host"], "-P", str(s["port"]), "-u", s["user"], "-p" + s["password"],
                  database, "-e", statement], check=True)


def build(database, nodes):
  """The layered graph; each layer is one INSERT ... SELECT over MariaDB's sequence engine."""
  width = nodes // LAYERS
  library = mnemos_harness.library_store_mysql(database)
  artifact_type = library.put_artifact_type(mlmd.ArtifactType(name="bench.Data"))
  execution_type = library.put_execution_type(mlmd.ExecutionType(name="bench.Step"))
  sequence = "seq_0_to_%d" % (width - 1)
  for layer in range(LAYERS):
    base = (layer // 2) * width + 1
    if layer % 2 == 0:
      sql(database, "INSERT INTO Artifact (id, type_id, uri, state, create_time_since_epoch, last_update_time_since_epoch) "
          "SELECT %d + seq, %d, CONCAT('bench/%d/', seq), 2, 1, 1 FROM %s" % (base, artifact_type, layer, sequence))
    else:
      sql(database, "INSERT INTO Execution (id, type_id, last_known_state, create_time_since_epoch, last_update_time_since_epoch) "
          "SELECT %d + seq, %d, 3, 1, 1 FROM %s" % (base, execution_type, sequence))
  for layer in range(LAYERS - 1):
    source = (layer // 2) * width + 1
    target = ((layer + 1) // 2) * width + 1
    next_node = "%d + MOD(2 * seq + bit.b, %d)" % (target, width)
    artifact, execution, kind = (("%d + seq" % source, next_node, 3) if layer % 2 == 0
                                 else (next_node, "%d + seq" % source, 4))
    sql(database, "INSERT INTO Event (artifact_id, execution_id, type, milliseconds_since_epoch) "
        "SELECT %s, %s, %d, 1 FROM %s CROSS JOIN (SELECT 0 AS b UNION ALL SELECT 1) AS bit"
        % (artifact, execution, kind, sequence))


def timed(store, request, repeats, warmup_seconds):
  """Median seconds of `repeats` calls, after calling for `warmup_seconds` (a server's JIT warms up)."""
  response = service.GetLineageSubgraphResponse()
  store._call("GetLineageSubgraph", request, response)
  size = len(response.lineage_subgraph.artifacts) + len(response.lineage_subgraph.executions)
  deadline = time.perf_counter() + warmup_seconds
  while time.perf_counter() < deadline:
    store._call("GetLineageSubgraph", request, service.GetLineageSubgraphResponse())
  times = []
  for _ in range(repeats):
    started = time.perf_counter()
    store._call("GetLineageSubgraph", request, service.GetLineageSubgraphResponse())
    times.append(time.perf_counter() - started)
  return statistics.median(times), size


def main():
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--nodes", type=int, default=1_000_000)
  parser.add_argument("--hops", type=int, default=10)
  parser.add_argument("--repeats", type=int, default=30)
  parser.add_argument("--warmup-seconds", type=float, default=20)
  args = parser.parse_args()
  if not mnemos_harness.mysql_settings():
    sys.exit("set MNEMOS_TEST_MYSQL_HOST to a MariaDB/MySQL server")
  database = "mnemos_bench_lineage_%d" % args.nodes
  sql("", "CREATE DATABASE IF NOT EXISTS `%s`" % database)
  library = mnemos_harness.library_store_mysql(database)
  if not library.get_artifacts_by_uri("bench/0/0"):
    started = time.perf_counter()
    build(database, args.nodes)
    print("built %d nodes in %.0f s" % (args.nodes, time.perf_counter() - started), flush=True)
  request = service.GetLineageSubgraphRequest()
  options = request.lineage_subgraph_query_options
  options.starting_artifacts.filter_query = "uri = 'bench/0/0'"
  options.max_num_hops = args.hops
  options.direction = mlmd.LineageSubgraphQueryOptions.DOWNSTREAM

  server = mnemos_harness.MnemosProcess(mnemos_harness.mnemos_args_mysql(database))
  try:
    mnemos_seconds, mnemos_size = timed(server.store(), request, args.repeats, args.warmup_seconds)
  finally:
    server.stop()
  mlmd_seconds, mlmd_size = timed(library, request, args.repeats, args.warmup_seconds)

  print("| store | request | nodes returned | Mnemos (gRPC) | MLMD 1.17 library (in-process) | Mnemos / MLMD |")
  print("|---|---|---|---|---|---|")
  print("| %d nodes, MariaDB | GetLineageSubgraph, %d hops downstream | %d | %.3f s | %.3f s | %.2f |"
        % (args.nodes, args.hops, mnemos_size, mnemos_seconds, mlmd_seconds, mnemos_seconds / mlmd_seconds))
  if mnemos_size != mlmd_size:
    sys.exit("the two answers differ in size: %d vs %d" % (mnemos_size, mlmd_size))


if __name__ == "__main__":
  main()
