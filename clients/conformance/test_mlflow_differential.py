"""Differential testing of MLflow's tracking API: random MlflowClient sequences against the real
MLflow server (PyPI's `mlflow`, SQLite backend, started here) and against Mnemos.

Each sequence runs on both through MLflow's own Python client; every normalised answer must agree
(see mlflow_differential.py). Mnemos runs on each backend, MNEMOS_MLFLOW_SEQUENCES divided among them
(the same sequences on each).
CI runs a fixed seed; more sequences with
  MNEMOS_MLFLOW_SEQUENCES=2000 .venv/bin/python -m pytest clients/conformance/test_mlflow_differential.py
and MNEMOS_MLFLOW_SEED=<n> for another seed.
"""

import collections
import itertools
import os

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

import conftest
import mlflow_differential as d
import mlflow_regressions
import mnemos_harness

BACKENDS = mnemos_harness.backends_for_module()
SEQUENCES = int(os.environ.get("MNEMOS_MLFLOW_SEQUENCES", "240"))
SEED = int(os.environ.get("MNEMOS_MLFLOW_SEED", "20261201"))
# Shrinking replays a sequence on both servers hundreds of times; MNEMOS_MLFLOW_SHRINK=0 reports the
# first mismatch as found.
PHASES = tuple(Phase) if os.environ.get("MNEMOS_MLFLOW_SHRINK", "1") != "0" else (Phase.explicit, Phase.generate)
TOTALS = {"sequences": 0, "operations": 0, "mismatches": 0}
OUTCOMES = collections.Counter()
PREFIXES = itertools.count()

# ------------------------------------------------------------------------------------------------
# Strategies

ordinal = st.sampled_from((0, 0, 1, 1, 2, 3))
times = st.integers(min_value=0, max_value=50)
# An end time of 0 makes MLflow's client end the run at its own clock's time, which differs per server.
end_times = st.integers(min_value=1, max_value=50)
metric_keys = st.one_of(st.sampled_from(d.METRIC_KEYS * 4), st.sampled_from(d.BAD_KEYS))
param_keys = st.one_of(st.sampled_from(d.PARAM_KEYS * 4), st.sampled_from(d.BAD_KEYS))
tag_keys = st.one_of(st.sampled_from(d.TAG_KEYS * 4), st.sampled_from(d.BAD_KEYS))
metrics = st.tuples(metric_keys, st.sampled_from(d.METRIC_VALUES), times, st.integers(min_value=-2, max_value=5))
views = st.sampled_from(tuple(d.VIEW_TYPES))
page_sizes = st.sampled_from((1, 2, 3, 1000))
registered_names = st.sampled_from(d.REGISTERED_NAMES)
versions = st.sampled_from(d.VERSIONS)
descriptions = st.sampled_from((None, "", "good model"))
model_pairs = st.lists(st.tuples(st.sampled_from(d.PARAM_KEYS), st.sampled_from(d.PARAM_VALUES)), max_size=2).map(tuple)

operations = st.one_of(
    st.tuples(st.just("create_experiment"), st.sampled_from(d.EXPERIMENT_NAMES), st.booleans()),
    st.tuples(st.just("get_experiment"), ordinal, st.sampled_from(("none", "none", "missing", "text", "default"))),
    st.tuples(st.just("get_experiment_by_name"), st.sampled_from(d.EXPERIMENT_NAMES)),
    st.tuples(st.just("rename_experiment"), ordinal, st.sampled_from(d.EXPERIMENT_NAMES + ("ed",))),
    st.tuples(st.just("delete_experiment"), ordinal),
    st.tuples(st.just("restore_experiment"), ordinal),
    st.tuples(st.just("set_experiment_tag"), ordinal, tag_keys, st.sampled_from(d.TAG_VALUES)),
    st.tuples(st.just("delete_experiment_tag"), ordinal, tag_keys),
    st.tuples(st.just("search_experiments"), views, st.sampled_from(d.EXPERIMENT_FILTERS),
              st.sampled_from(d.EXPERIMENT_ORDERS), page_sizes),
    st.tuples(st.just("create_run"), ordinal, st.none(), st.one_of(st.none(), st.sampled_from(("run-a", "run-b", "c"))),
              st.one_of(st.none(), tag_keys), st.one_of(st.none(), ordinal)),
    st.tuples(st.just("get_run"), ordinal, st.booleans()),
    st.tuples(st.just("update_run"), ordinal, st.one_of(st.none(), st.sampled_from(d.STATUSES)),
              st.one_of(st.none(), end_times), st.one_of(st.none(), st.sampled_from(("run-a", "run-z")))),
    st.tuples(st.just("delete_run"), ordinal),
    st.tuples(st.just("restore_run"), ordinal),
    st.tuples(st.just("log_metric"), ordinal, metric_keys, st.sampled_from(d.METRIC_VALUES), times,
              st.integers(min_value=-2, max_value=5)),
    st.tuples(st.just("log_param"), ordinal, param_keys, st.sampled_from(d.PARAM_VALUES)),
    st.tuples(st.just("set_tag"), ordinal, tag_keys, st.sampled_from(d.TAG_VALUES)),
    st.tuples(st.just("delete_tag"), ordinal, tag_keys),
    st.tuples(st.just("log_batch"), ordinal, st.lists(metrics, max_size=4).map(tuple),
              st.lists(st.tuples(param_keys, st.sampled_from(d.PARAM_VALUES)), max_size=3).map(tuple),
              st.lists(st.tuples(tag_keys, st.sampled_from(d.TAG_VALUES)), max_size=2).map(tuple)),
    st.tuples(st.just("log_inputs"), ordinal, st.lists(st.tuples(
        st.sampled_from(d.DATASET_NAMES[:2] * 4 + d.DATASET_NAMES[2:]), st.sampled_from(d.DATASET_DIGESTS),
        st.sampled_from(d.DATASET_SOURCES), st.sampled_from((None, "{}")), st.sampled_from(d.DATASET_CONTEXTS),
        st.sampled_from((False,) * 9 + (True,))), max_size=3).map(tuple)),
    st.tuples(st.just("get_metric_history"), ordinal, metric_keys, st.sampled_from((False, False, False, True))),
    st.tuples(st.just("sample_metric_history"), st.lists(ordinal, min_size=1, max_size=3).map(tuple), metric_keys,
              st.sampled_from((None, 1, 2, 3, 5, 0, 2501)),
              st.sampled_from((None, None, (0, 3), (2, 2), (-2, 0), (3, 1), (1, None))), st.booleans()),
    st.tuples(st.just("search_runs"), st.lists(ordinal, min_size=1, max_size=2).map(tuple),
              st.sampled_from(d.RUN_FILTERS), views, st.sampled_from(d.RUN_ORDERS), page_sizes),
    # Logged models (MLflow 3); half the sequences start with one.
    st.tuples(st.just("create_logged_model"), ordinal, st.sampled_from(d.MODEL_NAMES), st.one_of(st.none(), ordinal),
              st.sampled_from(d.MODEL_TYPES), model_pairs, model_pairs),
    st.tuples(st.just("get_logged_model"), ordinal, st.sampled_from((False, False, False, True))),
    st.tuples(st.just("finalize_logged_model"), ordinal, st.sampled_from(("READY", "FAILED"))),
    st.tuples(st.just("delete_logged_model"), ordinal),
    st.tuples(st.just("set_logged_model_tags"), ordinal, model_pairs),
    st.tuples(st.just("delete_logged_model_tag"), ordinal, st.sampled_from(d.PARAM_KEYS)),
    st.tuples(st.just("log_model_params"), ordinal, model_pairs),
    st.tuples(st.just("log_model_metric"), ordinal, ordinal, st.sampled_from(("acc", "loss")),
              st.sampled_from(d.METRIC_VALUES), times, st.integers(min_value=0, max_value=3),
              st.sampled_from((None, None, ("holdout", "d1"), ("train", "d2")))),
    st.tuples(st.just("log_model_outputs"), ordinal,
              st.lists(st.tuples(ordinal, st.integers(min_value=0, max_value=3)), min_size=1, max_size=2).map(tuple)),
    st.tuples(st.just("log_model_inputs"), ordinal, st.lists(ordinal, max_size=2).map(tuple)),
    st.tuples(st.just("search_logged_models"), st.lists(ordinal, min_size=1, max_size=2).map(tuple),
              st.sampled_from(d.MODEL_FILTERS), st.sampled_from(d.MODEL_DATASETS), st.sampled_from(d.MODEL_ORDERS),
              page_sizes),
    # The model registry (half the sequences start with a registered model).
    st.tuples(st.just("create_registered_model"), registered_names, st.sampled_from(d.REGISTRY_TAGS),
              descriptions),
    st.tuples(st.just("get_registered_model"), registered_names),
    st.tuples(st.just("rename_registered_model"), registered_names, st.sampled_from(("mb", "mc", "ma", "mb"))),
    st.tuples(st.just("update_registered_model"), registered_names, descriptions),
    st.tuples(st.just("delete_registered_model"), registered_names),
    st.tuples(st.just("set_registered_model_tag"), registered_names, tag_keys, st.sampled_from(d.TAG_VALUES)),
    st.tuples(st.just("delete_registered_model_tag"), registered_names, st.sampled_from(("team", "k", "none"))),
    st.tuples(st.just("create_model_version"), registered_names, st.sampled_from(d.VERSION_SOURCES), ordinal, ordinal,
              st.sampled_from(d.REGISTRY_TAGS[1:])),
    st.tuples(st.just("get_model_version"), registered_names, versions),
    # Without a description MLflow's client refuses the update itself.
    st.tuples(st.just("update_model_version"), registered_names, versions, st.sampled_from(("", "good model"))),
    st.tuples(st.just("transition_stage"), registered_names, versions, st.sampled_from(d.STAGES), st.booleans()),
    st.tuples(st.just("delete_model_version"), registered_names, versions),
    st.tuples(st.just("set_model_version_tag"), registered_names, versions, tag_keys, st.sampled_from(d.TAG_VALUES)),
    st.tuples(st.just("delete_model_version_tag"), registered_names, versions, st.sampled_from(("k", "none"))),
    st.tuples(st.just("set_alias"), registered_names, st.sampled_from(d.ALIASES), versions),
    st.tuples(st.just("delete_alias"), registered_names, st.sampled_from(d.ALIASES)),
    st.tuples(st.just("get_by_alias"), registered_names, st.sampled_from(d.ALIASES)),
    st.tuples(st.just("get_latest_versions"), registered_names,
              st.sampled_from((("bogus",), ("staging", "None"), ("Production",), ()))),
    st.tuples(st.just("get_download_uri"), registered_names, versions),
    st.tuples(st.just("search_registered_models"), st.sampled_from(d.REGISTERED_FILTERS),
              st.sampled_from(d.REGISTERED_ORDERS), page_sizes),
    st.tuples(st.just("search_model_versions"), st.sampled_from(d.VERSION_FILTERS), st.sampled_from(d.VERSION_ORDERS),
              page_sizes),
)


def with_start_times(sequence):
  """Every run starts at a time of its own, so that runs never tie on it: MLflow breaks such ties by
  run id, which each server draws at random."""
  ordered = []
  for index, op in enumerate(sequence):
    ordered.append(op[:2] + (1000 + 10 * index,) + op[3:] if op[0] == "create_run" else op)
  return tuple(ordered)


# Half the sequences start with a registered model and two versions of it.
REGISTERED_START = (("create_registered_model", "ma", (), None), ("create_model_version", "ma", "runs", 0, 0, ()),
                    ("create_model_version", "ma", "s3", 1, 0, (("k", "v"),)))

sequences = st.tuples(
    st.just(("create_experiment", "ea", False)),
    st.just(("create_run", 0, None, "run-a", None, None)),
).flatmap(lambda start: st.sampled_from((start, start + (("create_logged_model", 0, "clf", 0, "sklearn", (), ()),)))
          ).flatmap(lambda start: st.sampled_from((start, start + REGISTERED_START))
          ).flatmap(lambda start: st.lists(operations, min_size=3, max_size=25).map(
    lambda rest: with_start_times(start + tuple(rest))))

# ------------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def mlflow_server():
  server = mnemos_harness.MlflowServer()
  yield server
  server.stop()


@pytest.fixture(scope="module", params=BACKENDS)
def servers(request, mlflow_server, tmp_path_factory):
  database = conftest.Database(request.param, str(tmp_path_factory.mktemp("mlflow")))
  mnemos = mnemos_harness.MnemosProcess(database.args)
  TOTALS.update(sequences=0, operations=0, mismatches=0)
  OUTCOMES.clear()
  yield d.client(mlflow_server.uri), d.client("http://127.0.0.1:%d" % mnemos.http_port)
  mnemos.stop()
  database.drop()
  capture = request.config.pluginmanager.get_plugin("capturemanager")
  with capture.global_and_fixture_disabled():
    report(request.param, print)


def report(backend, write):
  write("\nMLflow differential (%s): %d sequences, %d operations, %d mismatches"
        % (backend, TOTALS["sequences"], TOTALS["operations"], TOTALS["mismatches"]))
  for op in sorted({op for op, _ in OUTCOMES}):
    counts = {result: n for (name, result), n in OUTCOMES.items() if name == op}
    write("  %-24s %s" % (op, ", ".join("%s %d" % item for item in sorted(counts.items(), key=lambda i: -i[1]))))


def check(servers, sequence):
  prefix = "s%d-" % next(PREFIXES)
  mismatch = d.run(sequence, prefix, servers, OUTCOMES)
  TOTALS["sequences"] += 1
  TOTALS["operations"] += len(sequence) if mismatch is None else mismatch[0] + 1
  if mismatch is not None:
    TOTALS["mismatches"] += 1
    index, op, (expected, actual) = mismatch
    pytest.fail("operation %d %r: MLflow answered %r, Mnemos %r" % (index, op, expected, actual))


# ------------------------------------------------------------------------------------------------
# Tests


@pytest.mark.parametrize("case", range(len(mlflow_regressions.SEQUENCES)))
def test_regression(servers, case):
  check(servers, mlflow_regressions.SEQUENCES[case])


@seed(SEED)
@settings(max_examples=max(1, SEQUENCES // len(BACKENDS)), deadline=None, database=None, derandomize=False, phases=PHASES,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(sequence=sequences)
def test_random_sequences_agree(servers, sequence):
  check(servers, sequence)
