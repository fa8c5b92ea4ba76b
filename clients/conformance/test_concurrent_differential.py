"""Concurrent clients against a serial replay: grouped writes answer as some serial order would.

Mnemos applies writes that arrive together in one transaction (group commit), each in its own
savepoint. Each round here runs several random sequences of the differential fuzzer at once, one
client each, against one server; then each sequence is replayed alone on the MLMD library (a fresh
in-memory database) and every normalised answer must agree (see differential.py).

The clients write in disjoint universes (every type, node name, URI and external id gets the
client's prefix), so any interleaving of their calls is equivalent to a serial order that keeps
each client's calls in its own order: the serial replay is that order's answer. What the round
proves is that sharing a transaction changes no answer: one call's refusal (ALREADY_EXISTS, a bad
event, an unknown type) rolls back only that call, ids and errors are those of a call made alone,
and what a client reads back is what it wrote. Operations that read across universes (listings of
every node, every type, lineage from a filter over all nodes) are left out of these sequences; the
serial differential test covers them. The last test shows the rounds did share commits.

  MNEMOS_CONCURRENT_ROUNDS=200 .venv/bin/python -m pytest clients/conformance/test_concurrent_differential.py
"""

import os
import re
import threading
import urllib.request

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

import differential as d
import mnemos_harness
import test_differential

ROUNDS = int(os.environ.get("MNEMOS_CONCURRENT_ROUNDS", "40"))
SEED = int(os.environ.get("MNEMOS_FUZZ_SEED", "20261201"))
CLIENTS = 6
TOTALS = {"rounds": 0, "operations": 0, "mismatches": 0}

# What names a thing in a universe: a client's copy gets its prefix.
NAMED = set(d.TYPE_NAMES) | set(d.NAMES) | {uri for uri in d.URIS if uri} | {"x0", "x1", "x2"}
# Reads that would see other clients' nodes or types.
ACROSS_UNIVERSES = {"list", "list_all", "types", "lineage"}


def in_universe(value, prefix):
  """The value with every name of NAMED given the prefix (dictionary keys are field names)."""
  if isinstance(value, str):
    return prefix + value if value in NAMED else value
  if isinstance(value, tuple):
    return tuple(in_universe(item, prefix) for item in value)
  if isinstance(value, list):
    return [in_universe(item, prefix) for item in value]
  if isinstance(value, dict):
    return {key: in_universe(item, prefix) for key, item in value.items()}
  return value


def universe_sequence(sequence, prefix):
  """A client's copy of a fuzzer sequence: its own names, only reads within its universe."""
  ops = []
  for op in sequence:
    if op[0] in ACROSS_UNIVERSES or (op[0] == "by_uri" and op[1] == ""):
      continue
    if op[0] == "by_external_ids":
      external_ids = [x for x in op[2] if x]
      if not external_ids:
        continue
      op = (op[0], op[1], external_ids)
    ops.append(in_universe(op, prefix))
  return ops


def grouped_writes(server):
  """The server's count of writes that shared another's commit (its Prometheus metric)."""
  with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % server.http_port, timeout=30) as response:
    text = response.read().decode()
  found = re.search(r"^mnemos_db_grouped_writes_total ([0-9.e+]+)$", text, re.MULTILINE)
  assert found, "no mnemos_db_grouped_writes_total in /metrics"
  return float(found.group(1))


@pytest.fixture(scope="module")
def mnemos(resettable_mnemos, request):
  TOTALS.update(rounds=0, operations=0, mismatches=0)
  TOTALS["grouped_before"] = grouped_writes(resettable_mnemos.server)
  yield resettable_mnemos
  capture = request.config.pluginmanager.get_plugin("capturemanager")
  with capture.global_and_fixture_disabled():
    print("\nconcurrent differential (%s): %d rounds of %d clients, %d operations, %d mismatches"
          % (resettable_mnemos.backend, TOTALS["rounds"], CLIENTS, TOTALS["operations"], TOTALS["mismatches"]))


def run_concurrently(server, sequences):
  """Each sequence on its own client and thread at once; their normalised answers, per client."""
  answers = [None] * len(sequences)
  failures = []
  start = threading.Barrier(len(sequences))

  def client(index):
    try:
      runner = d.Runner(server.store())
      start.wait(30)
      answers[index] = [runner.apply(op) for op in sequences[index]]
    except Exception as e:  # noqa: BLE001 - reported below with the client that raised it
      failures.append((index, e))

  threads = [threading.Thread(target=client, args=(i,)) for i in range(len(sequences))]
  for thread in threads:
    thread.start()
  for thread in threads:
    thread.join(300)
  assert not failures, "client raised: %r" % (failures,)
  assert all(a is not None for a in answers), "a client did not finish within 300 s"
  return answers


@seed(SEED)
@settings(max_examples=ROUNDS, deadline=None, database=None, derandomize=False,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(rounds=st.lists(test_differential.sequences, min_size=CLIENTS, max_size=CLIENTS))
def test_concurrent_clients_answer_as_a_serial_replay(mnemos, rounds):
  mnemos.reset()
  sequences = [universe_sequence(sequence, "k%d_" % i) for i, sequence in enumerate(rounds)]
  concurrent = run_concurrently(mnemos.server, sequences)
  TOTALS["rounds"] += 1
  for index, sequence in enumerate(sequences):
    oracle = d.Runner(mnemos_harness.fresh_oracle())
    TOTALS["operations"] += len(sequence)
    for position, op in enumerate(sequence):
      expected = oracle.apply(op)
      if expected != concurrent[index][position]:
        TOTALS["mismatches"] += 1
        pytest.fail("client %d, operation %d %r: alone the library answered %r, Mnemos among %d clients %r"
                    % (index, position, op, expected, CLIENTS, concurrent[index][position]))


def test_the_rounds_shared_commits(mnemos):
  """Runs after the rounds (pytest keeps a module's order): some writes did share a transaction."""
  assert TOTALS["rounds"] > 0, "run the whole module: the rounds come first"
  grouped = grouped_writes(mnemos.server) - TOTALS["grouped_before"]
  print("\n  %d writes committed in a transaction another client's write opened" % grouped)
  assert grouped > 0
