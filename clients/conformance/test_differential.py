"""Differential fuzzing: random MLMD call sequences against the library and Mnemos.

Each sequence runs on the MLMD library (1.17, in-process, a fresh in-memory database) and on Mnemos
through the official gRPC client (its database reset to empty before each sequence). Every
normalised answer must agree (see differential.py). CI runs a fixed seed; more sequences with
  MNEMOS_FUZZ_SEQUENCES=10000 .venv/bin/python -m pytest clients/conformance/test_differential.py
and MNEMOS_FUZZ_SEED=<n> for another seed. Shrunk counterexamples live on in fuzz_regressions.py.
"""

import collections
import os

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

import differential as d
import fuzz_regressions
import mnemos_harness

SEQUENCES = int(os.environ.get("MNEMOS_FUZZ_SEQUENCES", "200"))
SEED = int(os.environ.get("MNEMOS_FUZZ_SEED", "20261128"))
TOTALS = {"sequences": 0, "operations": 0, "mismatches": 0}
OUTCOMES = collections.Counter()

# ------------------------------------------------------------------------------------------------
# Strategies

ordinal = st.sampled_from((0, 0, 1, 1, 2, 3, 5))
type_ordinal = st.sampled_from((0, 0, 0, 1, 2))
property_names = st.sampled_from(("p0", "p1", "p2"))
custom_names = st.sampled_from(("c0", "c1"))
property_kinds = st.sampled_from(tuple(d.PROPERTY_KINDS))
values = st.one_of(
    st.tuples(st.just("INT"), st.integers(min_value=-5, max_value=50)),
    st.tuples(st.just("DOUBLE"), st.sampled_from((0.5, 1.25, -2.0, 3.75, 10.0))),
    st.tuples(st.just("STRING"), st.sampled_from(("a", "b", "ab", "abc", "u/a"))),
    st.tuples(st.just("STRUCT"), st.sampled_from(({"k": 1.0}, {"k": "x", "l": [1.0, 2.0]}))),
    st.tuples(st.just("PROTO"), st.sampled_from(("x", "y"))),
    st.tuples(st.just("BOOLEAN"), st.booleans()),
)
BASE_TYPES = {"artifact": ("DATASET", "MODEL", "UNSET"), "execution": ("TRAIN", "PROCESS", "UNSET"), "context": ("UNSET",)}
MASK_PATHS = ("uri", "state", "last_known_state", "external_id", "name", "properties.p0", "properties.p1",
              "custom_properties.c0", "properties", "custom_properties", "bogus")


def node_spec(kind, updating=False):
  states = {"artifact": d.ARTIFACT_STATES, "execution": d.EXECUTION_STATES, "context": (None,)}[kind]
  return st.fixed_dictionaries({
      "type": st.one_of(st.none(), type_ordinal) if updating else type_ordinal,
      "name": st.one_of(st.none(), st.sampled_from(d.NAMES)) if kind != "context" else st.sampled_from(d.NAMES * 4 + ("",)),
      "external_id": st.one_of(st.none(), st.sampled_from(("x0", "x1", "x2"))),
      "uri": st.one_of(st.none(), st.sampled_from(d.URIS)),
      "state": st.one_of(st.none(), st.sampled_from(states)),
      # Declared properties must match the type, which the generator cannot know: mostly none.
      "properties": st.one_of(st.just([]), st.just([]),
                              st.lists(st.tuples(property_names, values), max_size=2, unique_by=lambda p: p[0])),
      "custom": st.lists(st.tuples(custom_names, values), max_size=2, unique_by=lambda p: p[0]),
      **({"update": ordinal} if updating else {}),
  })


def update_spec(kind):
  return node_spec(kind, updating=True).flatmap(lambda spec: st.fixed_dictionaries(
      {**{k: st.just(v) for k, v in spec.items()},
       "mask": st.one_of(st.none(), st.lists(st.sampled_from(MASK_PATHS), min_size=1, max_size=3, unique=True))}))


kinds = st.sampled_from(d.KINDS)
pair_event_spec = st.fixed_dictionaries({
    "type": st.sampled_from(d.EVENT_TYPES),
    "artifact": st.sampled_from((None, None, None, 0)),
    "execution": st.sampled_from((None, None, None, 0)),
    "path": st.lists(st.one_of(st.integers(0, 3), st.sampled_from(("in", "out"))), max_size=2),
})
event_spec = st.fixed_dictionaries({
    "type": st.sampled_from(d.EVENT_TYPES),
    "artifact": st.sampled_from((0, 0, 1, 1, 2, 3, None)),
    "execution": st.sampled_from((0, 0, 1, 1, 2, 3, None)),
    "path": st.lists(st.one_of(st.integers(0, 3), st.sampled_from(("in", "out"))), max_size=2),
})

# No filter names a literal id: MySQL leaves id gaps after failed inserts, the oracle does not, so
# the same literal would select different nodes (ids are compared as ordinals instead).
FILTERS = {
    "artifact": ("uri LIKE 'u/%'", "uri = 'u/a' OR state = LIVE", "state IN (PENDING, LIVE)", "state != DELETED",
                 "properties.p0.int_value > 3", "custom_properties.c0.string_value = 'a'", "name = 'na'",
                 "contexts_a.name = 'na'", "events_0.type = INPUT", "type = 'ta' AND name IS NOT NULL",
                 "properties.p1.double_value < 2 OR custom_properties.c1.bool_value = true", "external_id IS NULL",
                 "NOT(uri = 'u/b')", "last_known_state = NEW", "uri == 'x'"),
    "execution": ("last_known_state = COMPLETE", "last_known_state NOT IN (FAILED)", "name LIKE 'n%'",
                  "contexts_x.type = 'tc'", "events_0.artifact_id > 0", "custom_properties.c0.int_value >= 0",
                  "properties.p2.string_value = 'ab'", "type = 'tb'", "state = LIVE"),
    "context": ("name = 'na'", "parent_contexts_p.name = 'nb'", "child_contexts_c.name LIKE 'n%'",
                "artifacts_a.uri = 'u/a'", "executions_e.last_known_state = RUNNING",
                "properties.p0.int_value = 1", "type = 'tb'", "uri = 'u/a'"),
}
# Literals of every shape ZetaSQL reads: quotes of four kinds, raw and bytes prefixes, escapes it
# accepts (decoding to characters the stored values hold, so that decoding shows in the answer)
# and escapes it refuses, unusual numbers, comments. Never a backslash in a value that reaches
# LIKE, and no control character or NUL stored: the library on SQLite hands escaped text to SQLite
# as written and answers those wrongly (docs/conformance.md).
TEXT_PIECES = ("a", "b", "n", "t", "u", "/", "'", '"', "\\x61", "\\X62", "\\141", "\\u006e", "\\U00000074",
               "\\x2F", "\\'", '\\"', "\\?", "\\`", "\\n", "\\t", "\\a", "\\v", "\\0", "\\z", "\\x6",
               "\\u12", "\\ud800", "\\8", "\\400", "\\%", "\\_", "\\ ")
QUOTES = ("'%s'", '"%s"', "'''%s'''", '"""%s"""', "b'%s'")
RAW_QUOTES = ("r'%s'", 'R"%s"', "r'''%s'''")
NUMBERS = (".5", "1.", "1.e1", "0x1", "0X1f", "1e0", "5E-1", "9223372036854775808", "0xFFFFFFFFFFFFFFFF",
           "18446744073709551616", "0x", "1.5e", "-.5")
COMMENTS = ("", "", "", " -- c", " # c", " /* c */", " /* c")
TEXT_FIELDS = {"artifact": ("name", "uri", "type", "custom_properties.c0.string_value"),
               "execution": ("name", "type", "properties.p2.string_value"),
               "context": ("name", "type", "custom_properties.c0.string_value")}


def text_literal(like=False):
  pieces = st.lists(st.sampled_from(TEXT_PIECES + (("%", "_") if like else ())), max_size=4).map("".join)
  quoted = st.tuples(st.sampled_from(QUOTES), pieces).map(lambda q: q[0] % q[1])
  if like:
    return quoted.filter(lambda text: "\\\\" not in text)
  raw = st.tuples(st.sampled_from(RAW_QUOTES), st.lists(st.sampled_from(("a", "n", "\\", "\\'", "'")), max_size=3)
                  .map("".join)).map(lambda q: q[0] % q[1])
  return st.one_of(quoted, quoted, raw)


def literal_filter(kind):
  field = st.sampled_from(TEXT_FIELDS[kind])
  return st.tuples(st.one_of(
      st.tuples(field, st.sampled_from(("=", "!=")), text_literal()).map(" ".join),
      st.tuples(field, st.sampled_from(("LIKE", "NOT LIKE")), text_literal(like=True)).map(" ".join),
      st.tuples(field, st.lists(text_literal(), min_size=1, max_size=2).map(", ".join)).map(
          lambda f: "%s IN (%s)" % f),
      st.tuples(st.sampled_from(("custom_properties.c0.int_value", "custom_properties.c1.double_value")),
                st.sampled_from(("<", ">", "=")), st.sampled_from(NUMBERS)).map(" ".join),
  ), st.sampled_from(COMMENTS)).map("".join)


filters = kinds.flatmap(lambda kind: st.tuples(
    st.just(kind), st.one_of(st.none(), st.sampled_from(FILTERS[kind]), literal_filter(kind), literal_filter(kind))))

operations = st.one_of(
    kinds.flatmap(lambda kind: st.tuples(
        st.just("put_type"), st.just(kind), st.sampled_from(d.TYPE_NAMES), st.sampled_from(d.VERSIONS),
        st.lists(st.tuples(property_names, property_kinds), max_size=3, unique_by=lambda p: p[0]),
        st.booleans(), st.booleans(), st.one_of(st.none(), st.sampled_from(BASE_TYPES[kind])))),
    kinds.flatmap(lambda kind: st.tuples(st.just("put_nodes"), st.just(kind), st.lists(
        st.one_of(node_spec(kind), node_spec(kind), node_spec(kind), update_spec(kind)), min_size=1, max_size=2))),
    kinds.flatmap(lambda kind: st.tuples(st.just("put_nodes"), st.just(kind), st.lists(node_spec(kind), min_size=1, max_size=3))),
    st.tuples(st.just("put_events"), st.lists(event_spec, min_size=1, max_size=3)),
    st.tuples(st.just("put_execution"), st.one_of(node_spec("execution"), update_spec("execution")),
              st.lists(st.tuples(st.one_of(node_spec("artifact"), node_spec("artifact"), update_spec("artifact"), st.none()),
                                 st.one_of(pair_event_spec, pair_event_spec, st.none())), max_size=3),
              st.lists(st.one_of(node_spec("context"), update_spec("context")), max_size=2),
              st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans())),
    st.tuples(st.lists(node_spec("execution"), min_size=1, max_size=2),
              st.lists(node_spec("artifact"), min_size=1, max_size=3)).flatmap(lambda nodes: st.tuples(
        st.just("put_lineage_subgraph"), st.just(nodes[0]), st.just(nodes[1]), st.lists(node_spec("context"), max_size=2),
        st.lists(st.tuples(st.sampled_from(list(range(len(nodes[0]))) * 4 + [len(nodes[0])]),
                           st.sampled_from(list(range(len(nodes[1]))) * 4 + [-1]),
                           st.sampled_from(d.EVENT_TYPES)), max_size=3),
        st.tuples(st.booleans(), st.booleans()))),
    st.tuples(st.just("put_membership"), st.lists(st.tuples(ordinal, ordinal), max_size=2),
              st.lists(st.tuples(ordinal, ordinal), max_size=2)),
    st.tuples(st.just("put_parent"), ordinal, ordinal),
    filters.flatmap(lambda f: st.tuples(st.just("list"), st.just(f[0]), st.sampled_from(tuple(d.ORDER_FIELDS)),
                                        st.booleans(), st.integers(1, 5), st.just(f[1]))),
    st.tuples(st.just("list_all"), kinds),
    st.tuples(st.just("by_type"), kinds, st.sampled_from(d.TYPE_NAMES), st.sampled_from(d.VERSIONS)),
    st.tuples(st.just("by_type_and_name"), kinds, st.sampled_from(d.TYPE_NAMES), st.sampled_from(d.NAMES),
              st.sampled_from(d.VERSIONS)),
    st.tuples(st.just("by_id"), kinds, st.lists(ordinal, max_size=3)),
    st.tuples(st.just("by_uri"), st.sampled_from(d.URIS)),
    st.tuples(st.just("by_external_ids"), kinds, st.lists(st.sampled_from(("x0", "x1", "x2", "")), min_size=1, max_size=2)),
    st.tuples(st.just("types"), kinds),
    st.tuples(st.just("type"), kinds, st.sampled_from(d.TYPE_NAMES), st.sampled_from(d.VERSIONS)),
    st.tuples(st.just("contexts_of"), st.sampled_from(("artifact", "execution")), ordinal),
    filters.filter(lambda f: f[0] != "context").flatmap(lambda f: st.tuples(
        st.just("by_context"), st.just(f[0]), ordinal, st.sampled_from(tuple(d.ORDER_FIELDS)), st.booleans(),
        st.integers(1, 5), st.just(f[1]))),
    st.tuples(st.just("events"), st.sampled_from(("artifact", "execution")), st.lists(ordinal, max_size=3)),
    st.tuples(st.just("hierarchy"), st.booleans(), ordinal),
    st.tuples(st.just("lineage"), st.booleans(), st.sampled_from(("id > 0", "uri LIKE 'u/%'", "name = 'na'", "name = 'nb'")),
              st.integers(0, 4), st.sampled_from(("UPSTREAM", "DOWNSTREAM", "BIDIRECTIONAL"))),
)
def type_setup(kind):
  return st.tuples(st.just("put_type"), st.just(kind), st.sampled_from(d.TYPE_NAMES), st.just(None),
                   st.lists(st.tuples(property_names, property_kinds), max_size=2, unique_by=lambda p: p[0]),
                   st.just(False), st.just(False), st.just(None))


def plain_node(kind):
  """A node that its type always accepts: type 0, no declared properties."""
  return node_spec(kind).map(lambda spec: {**spec, "type": 0, "properties": [],
                                           "name": spec["name"] or ("na" if kind == "context" else None)})


# Every sequence starts from a populated store — a type of each kind, a few nodes of each kind, and
# events and membership between them — so that later operations meet real state, not only errors.
populate = st.tuples(
    type_setup("artifact"), type_setup("execution"), type_setup("context"),
    st.tuples(st.just("put_nodes"), st.just("artifact"), st.lists(plain_node("artifact"), min_size=2, max_size=4)),
    st.tuples(st.just("put_nodes"), st.just("execution"), st.lists(plain_node("execution"), min_size=2, max_size=3)),
    st.tuples(st.just("put_nodes"), st.just("context"),
              st.lists(plain_node("context"), min_size=1, max_size=2, unique_by=lambda c: c["name"])),
    st.tuples(st.just("put_events"), st.lists(st.fixed_dictionaries({
        "type": st.sampled_from(d.EVENT_TYPES), "artifact": st.integers(0, 1), "execution": st.integers(0, 1),
        "path": st.lists(st.sampled_from(("in", "out", 0)), max_size=1)}), min_size=1, max_size=3,
        unique_by=lambda e: (e["artifact"], e["execution"], e["type"]))),
    st.tuples(st.just("put_membership"), st.just([(0, 0), (0, 1)]), st.just([(0, 0)])),
)
sequences = st.tuples(populate, st.lists(operations, min_size=3, max_size=30)).map(lambda t: list(t[0]) + t[1])


# ------------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def mnemos(resettable_mnemos, request):
  TOTALS.update(sequences=0, operations=0, mismatches=0)
  OUTCOMES.clear()
  yield resettable_mnemos.store, resettable_mnemos.reset
  # Past pytest's capture, so the figures show in CI logs.
  capture = request.config.pluginmanager.get_plugin("capturemanager")
  with capture.global_and_fixture_disabled():
    report(resettable_mnemos.backend, print)


def report(backend, write):
  write("\ndifferential (%s): %d sequences, %d operations, %d mismatches"
        % (backend, TOTALS["sequences"], TOTALS["operations"], TOTALS["mismatches"]))
  answered = sum(n for (_, result), n in OUTCOMES.items() if result in ("answered", "empty"))
  write("  %d%% of operations answered, the rest refused with MLMD's errors; by operation:"
        % (100 * answered // max(1, sum(OUTCOMES.values()))))
  for op in sorted({op for op, _ in OUTCOMES}):
    counts = {result: n for (name, result), n in OUTCOMES.items() if name == op}
    write("  %-22s %s" % (op, ", ".join("%s %d" % item for item in sorted(counts.items(), key=lambda i: -i[1]))))


def check(mnemos_store, reset, sequence):
  reset()
  mismatch = d.run(sequence, mnemos_harness.fresh_oracle(), mnemos_store, OUTCOMES)
  TOTALS["sequences"] += 1
  TOTALS["operations"] += len(sequence) if mismatch is None else mismatch[0] + 1
  if mismatch is not None:
    TOTALS["mismatches"] += 1
    index, op, expected, actual = mismatch
    pytest.fail("operation %d %r: MLMD answered %r, Mnemos %r" % (index, op, expected, actual))


# ------------------------------------------------------------------------------------------------
# Tests


@pytest.mark.parametrize("case", range(len(fuzz_regressions.SEQUENCES)))
def test_regression(mnemos, case):
  check(*mnemos, fuzz_regressions.SEQUENCES[case])


@seed(SEED)
@settings(max_examples=SEQUENCES, deadline=None, database=None, derandomize=False,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(sequence=sequences)
def test_random_sequences_agree(mnemos, sequence):
  check(*mnemos, sequence)
