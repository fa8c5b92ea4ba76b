"""The side-by-side benchmark still runs end to end (tiny size; no timing is asserted).

It also checks what it can without a clock: the Python client, the Java client and the MLMD library
answer every read with as many nodes (the script stops otherwise).
"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "benchmarks"))

import side_by_side  # noqa: E402


def test_the_side_by_side_benchmark_runs_at_a_tiny_size():
  """On SQLite only: what is checked here is the script, and on MariaDB and PostgreSQL it cost CI more
  than two minutes more; the stores' answers on those are the differential suites' to check."""
  backend = "sqlite"
  rows = side_by_side.main(["--runs", "3", "--steps", "3", "--backends", backend, "--repeats", "1",
                            "--clients", "2", "--read-repeats", "2", "--warmup-seconds", "0",
                            "--warmup-runs", "1", "--fan-out", "3", "--fan-out-steps", "2", "--cold-runs", "2",
                            "--aot-cache"])

  labels = [label for _, label, _, _, _, _ in rows]
  assert len(rows) == 13
  assert labels[0] == "ingest, 1 client" and labels[1] == "ingest, 2 clients"
  assert labels[2].startswith("ingest limit")
  cold = rows.pop(3)
  assert cold[1].startswith("cold start: the first 6 put_execution") and cold[2] > 0 and cold[4] > 0
  fan_out = rows.pop(3)
  assert fan_out[1] == "fan-out: 3 writers of one run, 2 steps each"
  for rate, aborted, failed, written in (fan_out[2], fan_out[4]):
    assert rate > 0 and aborted >= 0 and failed == 0 and written == 3 * 2
  assert "| fan-out: 3 writers" in side_by_side.table([fan_out])
  assert "of the next |" in side_by_side.table([cold])
  assert any(label.startswith("GetLineageSubgraph, 20 hops") for label in labels)
  deletion = rows.pop()
  assert deletion[1] == "delete the oldest 1 of 3 runs with mnemos gc (batches sized to about 50 ms)"
  seconds, runs, nodes, p99, worst = deletion[2]
  assert seconds > 0 and runs == 1 and nodes > 0 and worst >= p99 >= 0
  assert "no delete API" in side_by_side.table([deletion])
  # At this size every artifact joins the large context; the answer is a full page or all of them.
  assert any(label.startswith("GetArtifactsByContext, first page of 100 (a context of ") for label in labels)
  assert all(value > 0 for row in rows for value in row[2:5])
  assert "| ingest limit" in side_by_side.table(rows).replace(backend + " ", "")


def test_the_benchmark_command_writes_its_report(tmp_path):
  """The command's own parts: the build of the JMH classpath, JMH, and the report. The side by side
  runs on no backend here: the test above runs it."""
  report = tmp_path / "benchmarks.md"
  report.write_text("# Benchmarks\n")
  script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "benchmarks", "run_benchmarks.sh")
  completed = subprocess.run([script, "--smoke", "--report", str(report), "--backends", ""], capture_output=True,
                             text=True, env=dict(os.environ, MNEMOS_PYTHON_ENV=sys.prefix), timeout=900)
  assert completed.returncode == 0, completed.stderr[-3000:]

  text = report.read_text()
  assert text.startswith("# Benchmarks\n")
  assert side_by_side.BEGIN in text and side_by_side.END in text
  assert "| backend | measure | Mnemos, Python client |" in text
  assert "| RowMappingBenchmark.decodeStruct |" in text and "| FilterCompileBenchmark.compile |" in text


def test_the_mlflow_benchmark_runs_at_a_tiny_size(tmp_path):
  import mlflow_side_by_side
  report = tmp_path / "benchmarks.md"
  report.write_text("# Benchmarks\n\nabove\n")
  rows = mlflow_side_by_side.main(["--runs", "2", "--search-runs", "30", "--history-points", "1500", "--repeats", "1",
                                   "--clients", "2", "--report", str(report)])

  assert [label.split(",")[0].split(":")[0] for label, *_ in rows] == [
      "ingest", "filling the search set", "runs/search", "runs/search", "runs/search",
      "log-batch of 1", "metrics/get-history", "metrics/get-history-bulk-interval"]
  assert all(mnemos > 0 and mlflow > 0 for _, _, mnemos, mlflow, _ in rows)
  # Both servers answered each read alike (the script stops otherwise); these are the answers' sizes.
  assert [detail for *_, detail in rows[2:5]] == ["30 runs answered", "2 runs answered", "15 runs answered"]
  assert [detail for *_, detail in rows[6:]] == ["1500 values answered", "1500 values answered"]
  text = report.read_text()
  assert text.startswith("# Benchmarks\n\nabove\n")
  assert mlflow_side_by_side.BEGIN in text and "| runs/search, first 100 of the search set" in text
