"""The side-by-side benchmark still runs end to end (tiny size; no timing is asserted).

It also checks what it can without a clock: both sides answer every read with as many nodes.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "benchmarks"))

import side_by_side  # noqa: E402


def test_the_side_by_side_benchmark_runs_at_a_tiny_size(backend):
  rows = side_by_side.main(["--runs", "3", "--steps", "3", "--backends", backend, "--repeats", "1",
                            "--clients", "2", "--read-repeats", "2", "--warmup-seconds", "0",
                            "--warmup-runs", "1"])

  labels = [label for _, label, _, _, _ in rows]
  assert len(rows) == 8
  assert labels[0].startswith("ingest, 1 client") and labels[1].startswith("ingest, 2 clients")
  assert any(label.startswith("GetLineageSubgraph, 20 hops") for label in labels)
  assert all(ratio > 0 for _, _, _, _, ratio in rows)
