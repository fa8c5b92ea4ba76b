"""Mnemos against the real MLflow tracking server, side by side: what MLflow's clients do.

  python clients/benchmarks/mlflow_side_by_side.py [--runs 200] [--search-runs 30000]
      [--history-points 100000] [--repeats 5] [--clients 4] [--report docs/benchmarks.md]

Both servers run on this machine on a SQLite file of their own (MLflow 3.17's `mlflow server` with
its default 4 worker processes; Mnemos' `serve --db jdbc:sqlite:...`), and both get the same
requests, byte for byte, through one HTTP client: the REST calls MLflow's Python client makes.

- ingest: runs/create, one runs/log-batch (10 params, 5 metrics of 20 steps each, 2 tags),
  runs/update to FINISHED, for `--runs` runs; runs per second, the median of `--repeats` rounds;
- the search set: `--search-runs` runs (each a create and a log-batch of 3 metrics and 2 params)
  written by `--clients` threads at once, timed as a rate too;
- runs/search over the search set: the first page of 100 ordered by a metric, the same with a filter
  on another metric, and a filter on a param; medians of `--repeats` answers, which must be equal;
- metric history of one run holding `--history-points` values of one metric (written by log-batch,
  1,000 a call): metrics/get-history (every value, following page tokens) and
  metrics/get-history-bulk-interval (the 2,500 points MLflow's UI charts).

Prints a Markdown table; the ratio is Mnemos / MLflow (for times lower is better for Mnemos).
"""

import argparse
import concurrent.futures
import functools
import os
import statistics
import sys
import tempfile
import time

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import mnemos_harness  # noqa: E402
import side_by_side  # noqa: E402

API = "/api/2.0/mlflow/"
BEGIN, END = "<!-- mlflow-side-by-side:begin -->", "<!-- mlflow-side-by-side:end -->"
# Times of the runs: fixed, so both servers hold the same values and order the same.
EPOCH = 1_700_000_000_000


class Server:
  """One side: a base URI and a session of HTTP keep-alive connections to it."""

  def __init__(self, name, uri):
    self.name = name
    self.uri = uri
    self.session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=16, pool_maxsize=16)
    self.session.mount("http://", adapter)

  def call(self, endpoint, body=None, method="POST"):
    if method == "GET":
      answer = self.session.get(self.uri + API + endpoint, params=body, timeout=600)
    else:
      answer = self.session.post(self.uri + API + endpoint, json=body or {}, timeout=600)
    if answer.status_code != 200:
      raise RuntimeError("%s %s: %d %s" % (self.name, endpoint, answer.status_code, answer.text[:500]))
    return answer.json()

  def experiment(self, name):
    return self.call("experiments/create", {"name": name})["experiment_id"]

  def run(self, experiment_id, index, params, metrics, tags=(), finish=True):
    """A run: create, one log-batch, and an update to FINISHED if ``finish``."""
    run_id = self.call("runs/create", {"experiment_id": experiment_id, "start_time": EPOCH + index,
                                       "run_name": "run-%d" % index})["run"]["info"]["run_id"]
    self.call("runs/log-batch", {"run_id": run_id, "params": params, "metrics": metrics,
                                 "tags": [{"key": k, "value": v} for k, v in tags]})
    if finish:
      self.call("runs/update", {"run_id": run_id, "status": "FINISHED", "end_time": EPOCH + index + 1000})
    return run_id


def ingest_batch(index):
  """The log-batch of one ingest run: 10 params, 5 metrics of 20 steps, as a training loop logs."""
  params = [{"key": "param_%d" % p, "value": str((index * 7 + p) % 13)} for p in range(10)]
  metrics = [{"key": key, "value": ((index * 31 + step * 17 + k) % 1000) / 1000, "timestamp": EPOCH + step,
              "step": step} for k, key in enumerate(("loss", "acc", "f1", "precision", "recall")) for step in range(20)]
  return params, metrics


def search_batch(index):
  """The log-batch of one run of the search set: 3 metrics, 2 params; deterministic values."""
  loss = ((index * 7919) % 100000) / 100000
  acc = ((index * 104729) % 100000) / 100000
  metrics = [{"key": "loss", "value": loss, "timestamp": EPOCH, "step": 0},
             {"key": "acc", "value": acc, "timestamp": EPOCH, "step": 0},
             {"key": "epochs", "value": index % 50, "timestamp": EPOCH, "step": 0}]
  params = [{"key": "lr", "value": ("0.1", "0.01", "0.001")[index % 3]},
            {"key": "optimizer", "value": ("adam", "sgd")[index % 2]}]
  return params, metrics


def ingest(server, args, round_index):
  experiment = server.experiment("ingest-%d" % round_index)
  started = time.perf_counter()
  for index in range(args.runs):
    params, metrics = ingest_batch(index)
    server.run(experiment, index, params, metrics, tags=(("team", "bench"), ("round", str(round_index))))
  return args.runs / (time.perf_counter() - started)


def fill_search_set(server, args):
  experiment = server.experiment("search")
  started = time.perf_counter()
  with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
    for future in [pool.submit(server.run, experiment, index, *search_batch(index), finish=False)
                   for index in range(args.search_runs)]:
      future.result()
  return experiment, args.search_runs / (time.perf_counter() - started)


SEARCHES = (
    ("runs/search, first 100 of the search set ordered by a metric", "", ["metrics.loss ASC"]),
    ("runs/search, first 100 with metrics.acc > 0.9, ordered by a metric", "metrics.acc > 0.9",
     ["metrics.loss DESC"]),
    ("runs/search, first 100 with params.optimizer = 'adam', newest first", "params.optimizer = 'adam'", []),
)


def search(server, experiment, filter_string, order_by):
  answer = server.call("runs/search", {"experiment_ids": [experiment], "filter": filter_string,
                                       "order_by": order_by, "max_results": 100})
  return [run["info"]["run_name"] for run in answer.get("runs", [])]


def timed(repeats, action):
  """The median time of ``repeats`` calls of ``action`` (after one untimed call), and its answer."""
  answer = action()
  times = []
  for _ in range(repeats):
    started = time.perf_counter()
    again = action()
    times.append(time.perf_counter() - started)
    if again != answer:
      raise RuntimeError("an answer changed between repeats")
  return statistics.median(times), answer


def fill_history(server, points):
  experiment = server.experiment("history")
  run_id = server.call("runs/create", {"experiment_id": experiment, "start_time": EPOCH})["run"]["info"]["run_id"]
  started = time.perf_counter()
  for first in range(0, points, 1000):
    server.call("runs/log-batch", {"run_id": run_id, "metrics": [
        {"key": "loss", "value": 1 / (1 + step) + (step % 97) / 10000, "timestamp": EPOCH + step, "step": step}
        for step in range(first, min(points, first + 1000))]})
  return run_id, points / (time.perf_counter() - started)


def whole_history(server, run_id):
  values, token = [], None
  while True:
    body = {"run_id": run_id, "metric_key": "loss"}
    if token:
      body["page_token"] = token
    answer = server.call("metrics/get-history", body, method="GET")
    values.extend((m["step"], m["value"]) for m in answer.get("metrics", []))
    token = answer.get("next_page_token")
    if not token:
      return len(values)


def sampled_history(server, run_id):
  answer = server.call("metrics/get-history-bulk-interval",
                       {"run_ids": run_id, "metric_key": "loss", "max_results": 2500}, method="GET")
  return [(m["step"], m["value"]) for m in answer.get("metrics", [])]


def measure(args):
  """The rows: (measure, unit, Mnemos, MLflow, detail)."""
  directory = tempfile.mkdtemp(prefix="mlflow-bench-")
  mlflow = mnemos_harness.MlflowServer(workers=4)
  # A plain JVM, as `mnemos serve` starts (no ahead-of-time cache): ingest is timed from the start.
  mnemos = mnemos_harness.MnemosProcess(mnemos_harness.mnemos_args_sqlite(os.path.join(directory, "mnemos.db")),
                                        java_options=[])
  sides = (Server("Mnemos", "http://127.0.0.1:%d" % mnemos.http_port), Server("MLflow", mlflow.uri))
  rows = []
  try:
    # Warm-up: each server's first calls (its JIT, its caches) are not the measure.
    for side in sides:
      warm = side.experiment("warm-up")
      for index in range(min(50, args.runs)):
        side.run(warm, index, *ingest_batch(index))

    rates = {side.name: [] for side in sides}
    for round_index in range(args.repeats):
      for side in sides:
        print("== ingest round %d, %s" % (round_index, side.name), file=sys.stderr, flush=True)
        rates[side.name].append(ingest(side, args, round_index))
    rows.append(("ingest: runs/create, log-batch of 110 values, runs/update", "runs/s",
                 statistics.median(rates["Mnemos"]), statistics.median(rates["MLflow"]), ""))

    filled = {}
    for side in sides:
      print("== %d runs of the search set, %s" % (args.search_runs, side.name), file=sys.stderr, flush=True)
      filled[side.name] = fill_search_set(side, args)
    rows.append(("filling the search set: %d runs (create, log-batch), %d clients at once"
                 % (args.search_runs, args.clients),
                 "runs/s", filled["Mnemos"][1], filled["MLflow"][1], ""))
    for label, filter_string, order_by in SEARCHES:
      answers = {}
      for side in sides:
        seconds, answer = timed(args.repeats, functools.partial(search, side, filled[side.name][0], filter_string,
                                                                order_by))
        answers[side.name] = (seconds, answer)
      if answers["Mnemos"][1] != answers["MLflow"][1]:
        raise RuntimeError("the servers answered %s differently" % label)
      rows.append((label, "s", answers["Mnemos"][0], answers["MLflow"][0],
                   "%d runs answered" % len(answers["Mnemos"][1])))

    histories = {}
    for side in sides:
      print("== a history of %d points, %s" % (args.history_points, side.name), file=sys.stderr, flush=True)
      histories[side.name] = fill_history(side, args.history_points)
    rows.append(("log-batch of 1,000 values of one metric, %d values" % args.history_points, "values/s",
                 histories["Mnemos"][1], histories["MLflow"][1], ""))
    for label, read in (("metrics/get-history, every value (following page tokens)", whole_history),
                        ("metrics/get-history-bulk-interval, 2,500 points", sampled_history)):
      answers = {side.name: timed(args.repeats, functools.partial(read, side, histories[side.name][0]))
                 for side in sides}
      if answers["Mnemos"][1] != answers["MLflow"][1]:
        raise RuntimeError("the servers answered %s differently" % label)
      count = answers["Mnemos"][1] if isinstance(answers["Mnemos"][1], int) else len(answers["Mnemos"][1])
      rows.append((label, "s", answers["Mnemos"][0], answers["MLflow"][0], "%d values answered" % count))
  finally:
    mnemos.stop()
    mlflow.stop()
  return rows


def table(rows):
  lines = ["| measure | Mnemos | MLflow 3.17 server | Mnemos / MLflow |", "|---|---|---|---|"]
  for label, unit, mnemos, mlflow, detail in rows:
    label = "%s (%s)" % (label, detail) if detail else label
    if unit == "s":
      lines.append("| %s | %.1f ms | %.1f ms | %.2f (lower is better) |" % (
          label, mnemos * 1000, mlflow * 1000, mnemos / mlflow))
    else:
      lines.append("| %s | %.0f %s | %.0f %s | %.2f (higher is better) |" % (
          label, mnemos, unit, mlflow, unit, mnemos / mlflow))
  return "\n".join(lines)


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--runs", type=int, default=200, help="runs of each ingest round")
  parser.add_argument("--search-runs", type=int, default=30000, help="runs of the search set")
  parser.add_argument("--history-points", type=int, default=100000, help="values of the long metric history")
  parser.add_argument("--repeats", type=int, default=5, help="ingest rounds and repeats of each read")
  parser.add_argument("--clients", type=int, default=4, help="threads filling the search set at once")
  parser.add_argument("--report", help="a Markdown file whose MLflow section gets the results")
  args = parser.parse_args(argv)
  rows = measure(args)
  text = ("Ingest: %d runs a round, medians of %d rounds; search set: %d runs; metric history: %d values; reads:"
          " medians of %d, each answer equal on both servers.\n\nMachine: %s.\n\n%s\n"
          % (args.runs, args.repeats, args.search_runs, args.history_points, args.repeats, side_by_side.machine(),
             table(rows)))
  print(text)
  if args.report:
    side_by_side.write_report(args.report, text, BEGIN, END)
  return rows


if __name__ == "__main__":
  main()
