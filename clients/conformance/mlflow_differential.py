"""Differential testing of MLflow's tracking API: one sequence of MlflowClient calls, on two servers.

A sequence is plain data (tuples of strings and numbers), so a shrunk counterexample can be kept as
a regression case. Operations name the experiments and runs the sequence created by ordinal (the
k-th run created so far); each server resolves ordinals to its own ids. Answers are normalised so
that two correct servers give equal results: ids become first-seen ordinals, times the server chose
become "<time>" (times the client gave stay), names MLflow invents for unnamed runs become
"<generated>", and errors their MLflow error code.

Both servers serve many sequences without a reset: each sequence names its experiments with its
own prefix, and never creates runs in the shared default experiment.
"""

import math
import os
import time

import requests

import mnemos_harness  # noqa: F401  (keeps MLflow's clients from reporting usage)

# MLflow's client retries an answer of status 500 for minutes; both servers answer some requests
# so (MLflow's INVALID_STATE), and the answer is what is compared.
os.environ["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = "0"

from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import (  # noqa: E402
    Dataset,
    DatasetInput,
    InputTag,
    LoggedModelInput,
    LoggedModelOutput,
    Metric,
    Param,
    RunTag,
    ViewType,
)
from mlflow.exceptions import MlflowException  # noqa: E402

VIEW_TYPES = {"ACTIVE_ONLY": ViewType.ACTIVE_ONLY, "DELETED_ONLY": ViewType.DELETED_ONLY, "ALL": ViewType.ALL}
EXPERIMENT_NAMES = ("ea", "eb", "ec")
METRIC_KEYS = ("loss", "acc", "val/loss", "m:1", "a b")
PARAM_KEYS = ("lr", "depth", "opt")
PARAM_VALUES = ("0.1", "0.01", "3", "adam", "")
TAG_KEYS = ("team", "stage", "mlflow.note.content", "mlflow.runName")
TAG_VALUES = ("x", "y", "prod", "")
# Names MLflow refuses: characters it does not allow, paths that resolve elsewhere.
BAD_KEYS = ("bad!", "../up", "/abs", "a//b", "./x", "x/.")
METRIC_VALUES = (0.5, 0.25, 1.0, -3.0, 0.0, 1e10, float("nan"), float("inf"), float("-inf"), 2.5)
STATUSES = ("FINISHED", "FAILED", "KILLED", "RUNNING", "SCHEDULED")
RUN_FILTERS = (
    "",
    "metrics.loss < 0.6",
    "metrics.loss >= 0.25 AND params.lr = '0.1'",
    "params.opt = 'adam'",
    "params.depth != '3'",
    "tags.team = 'x'",
    "tags.team LIKE 'p%'",
    "tags.stage ILIKE 'X%'",
    "attributes.status = 'FINISHED'",
    "attributes.run_name LIKE 'run-%'",
    "attributes.start_time > 1000",
    "metrics.acc > 0",
    "metrics.`val/loss` < 10",
    "status IN ('FINISHED', 'FAILED')",
    "attributes.run_id IN ('nope')",
    "datasets.name = 'train'",
    "dataset.context = 'training'",
    "datasets.digest LIKE 'd%'",
    "datasets.name != 'train'",
    "datasets.context IN ('eval', 'x')",
    "metrics.loss <> 1",
    "params.lr > '0.1'",
    "bogus.key = 'x'",
)
RUN_ORDERS = (
    (),
    ("metrics.loss",),
    ("metrics.loss DESC",),
    ("params.lr", "metrics.acc DESC"),
    ("tags.team DESC",),
    ("attributes.start_time ASC",),
    ("attributes.run_name",),
    ("attributes.end_time DESC",),
    ("status",),
)
EXPERIMENT_FILTERS = ("", "name = '{p}ea'", "name LIKE '{p}e%'", "tags.owner = 'me'", "name ILIKE '{P}E%'")
# Datasets a run logs as inputs: names (one MLflow refuses), digests, sources, schemas, and the
# context each input is tagged with (none for some).
DATASET_NAMES = ("train", "test", "t" * 501)
DATASET_DIGESTS = ("d1", "d2", "")
DATASET_SOURCES = ('{"uri": "s3://b/train.csv"}', "local")
DATASET_CONTEXTS = (None, "training", "eval")
# A run id no server has: MLflow's SQL store answers its history as empty, not as missing.
UNKNOWN_RUN = "0123456789abcdef0123456789abcdef"
UNKNOWN_MODEL = "m-0123456789abcdef0123456789abcdef"
EXPERIMENT_ORDERS = ((), ("name",), ("name DESC",), ("creation_time DESC",), ("experiment_id",))
MODEL_NAMES = (None, "clf", "reg", "a/b", "x.y")
MODEL_TYPES = (None, "sklearn", "")
MODEL_FILTERS = ("", "", "metrics.acc > 0.5", "metrics.loss <= 1 AND name != 'reg'", "name = 'clf'", "name LIKE 'c%'",
                 "params.lr = '3'", "tags.depth != 'adam'", "model_type IN ('sklearn', '')", "status = '2'",
                 "creation_timestamp > 0", "params.opt LIKE '%a%'", "metrics.acc LIKE 'x'", "foo.bar = 1",
                 "name = 'clf' OR name = 'reg'")
MODEL_DATASETS = ((), (), (("holdout", "d1"),), (("train", None),), (("holdout", None), ("train", "d2")))
MODEL_ORDERS = ((), (("name", True),), (("name", False),), (("metrics.acc", False),), (("metrics.acc", True),),
                (("creation_timestamp", True),), (("model_type", True), ("name", False)), (("params.lr", True),),
                (("nope", True),))

# The model registry: names are the server's, so each sequence's carry its prefix ({p}); searches
# keep to the sequence's models; {r0} is the first run's id on each server.
# Most operations name the model half the sequences start with. Hypothesis draws the last value of
# a list often: the lists below end with the values that reach furthest.
REGISTERED_NAMES = ("mb", "ma", "ma", "ma")
REGISTRY_TAGS = ((("mlflow.prompt.is_prompt", "true"),), (), (("team", "y"), ("k", "v")), (("team", "x"),))
VERSION_SOURCES = ("climb", "local", "other-run", "version", "model-id-only", "artifacts", "s3", "model", "model",
                   "runs", "runs")
VERSIONS = ("x", "3", "2", "1", "2", "1")
STAGES = ("bogus", "None", "Archived", "production", "Staging", "Production")
ALIASES = ("bad alias", "v2", "latest", "prod-1", "champ", "champ")
REGISTERED_FILTERS = ("name LIKE '{p}%'", "name = '{p}ma'", "name LIKE '{p}%' AND tags.team = 'x'",
                      "name IN ('{p}ma', '{p}mb')", "name LIKE '{p}%' AND tags.team != 'y'", "name ILIKE '{P}M%'",
                      "name LIKE '{p}%' AND tags.`mlflow.prompt.is_prompt` = 'true'", "version_number = 1",
                      "name LIKE '{p}%' AND tag.k LIKE 'v%'")
REGISTERED_ORDERS = (("bogus",), ("name", "name"), ("name DESC",), ("timestamp DESC",), ("last_updated_timestamp",),
                     ())
VERSION_FILTERS = ("name LIKE '{p}%'", "name = '{p}ma' AND version_number > 1", "name LIKE '{p}%' AND run_id = '{r0}'",
                   "name LIKE '{p}%' AND source_path LIKE 'runs:%'", "name LIKE '{p}%' AND tags.k = 'v'",
                   "name IN ('{p}ma')", "name LIKE '{p}%' AND version_number IN (1)", "status = 'READY'",
                   "name LIKE '{p}%' AND version_number <= '2'")
VERSION_ORDERS = (("bogus",), ("version_number ASC",), ("name DESC", "version_number"), ("creation_timestamp DESC",),
                  ("last_updated_timestamp",), ())


def run(sequence, prefix, clients, outcomes=None):
  """Applies ``sequence`` to each client (with experiment names under ``prefix``); returns the first
  (index, operation, answers) where the normalised answers differ, or None."""
  states = [State(client, prefix) for client in clients]
  for index, op in enumerate(sequence):
    answers = [state.apply(op) for state in states]
    if outcomes is not None:
      outcomes[(op[0], "error" if isinstance(answers[0], str) and answers[0].startswith("error:") else "answered")] += 1
    if any(answer != answers[0] for answer in answers[1:]):
      return index, op, answers
  return None


class State:
  """One server's side of a sequence: its ids by ordinal, and the normalisation of its answers."""

  def __init__(self, client, prefix):
    self.client = client
    self.prefix = prefix
    self.experiments = []
    self.runs = []
    self.models = []
    self.deleted_models = set()
    self.generated_names = set()
    self.ordinals = {}

  # Ids ------------------------------------------------------------------------------------------

  def experiment(self, ordinal):
    return self.experiments[ordinal % len(self.experiments)] if self.experiments else "987654321"

  def run_id(self, ordinal):
    return self.runs[ordinal % len(self.runs)] if self.runs else UNKNOWN_RUN

  def model_id(self, ordinal):
    return self.models[ordinal % len(self.models)] if self.models else UNKNOWN_MODEL

  def ordinal(self, kind, value):
    if kind == "experiment" and value == "0":
      return "E0"
    key = (kind, value)
    if key not in self.ordinals:
      self.ordinals[key] = "%s%d" % (kind[0].upper(), sum(1 for k in self.ordinals if k[0] == kind) + 1)
    return self.ordinals[key]

  def ids_in(self, text):
    """Replaces the run and experiment ids inside a text (artifact locations and URIs)."""
    for (kind, value), ordinal in self.ordinals.items():
      if kind in ("run", "model"):
        text = text.replace(value, ordinal)
    parts = text.split("/")
    if len(parts) >= 2 and parts[0] == "mlflow-artifacts:" and parts[1].isdigit():
      parts[1] = self.ordinal("experiment", parts[1])
    return "/".join(parts)

  # Operations -----------------------------------------------------------------------------------

  def apply(self, op):
    try:
      return getattr(self, "op_" + op[0])(*op[1:])
    except MlflowException as e:
      return "error:" + str(e.error_code)

  def op_create_experiment(self, name, with_tags):
    tags = {"owner": "me", "n": "1"} if with_tags else None
    experiment_id = self.client.create_experiment(self.prefix + name, tags=tags)
    self.experiments.append(experiment_id)
    return self.ordinal("experiment", experiment_id)

  def op_get_experiment(self, ordinal, bogus):
    experiment_id = {"none": self.experiment(ordinal), "missing": "987654321", "text": "abc", "default": "0"}[bogus]
    return self.experiment_answer(self.client.get_experiment(experiment_id))

  def op_get_experiment_by_name(self, name):
    return self.experiment_answer(self.client.get_experiment_by_name(self.prefix + name))

  def op_rename_experiment(self, ordinal, name):
    self.client.rename_experiment(self.experiment(ordinal), self.prefix + name)
    return self.experiment_answer(self.client.get_experiment(self.experiment(ordinal)))

  def op_delete_experiment(self, ordinal):
    self.client.delete_experiment(self.experiment(ordinal))
    return "ok"

  def op_restore_experiment(self, ordinal):
    self.client.restore_experiment(self.experiment(ordinal))
    return "ok"

  def op_set_experiment_tag(self, ordinal, key, value):
    self.client.set_experiment_tag(self.experiment(ordinal), key, value)
    return self.experiment_answer(self.client.get_experiment(self.experiment(ordinal)))

  def op_delete_experiment_tag(self, ordinal, key):
    self.client.delete_experiment_tag(self.experiment(ordinal), key)
    return "ok"

  def op_search_experiments(self, view, filter_template, order_by, page_size):
    pattern = filter_template.format(p=self.prefix, P=self.prefix.upper())
    # Keep to this sequence's experiments: the servers hold every other sequence's too.
    own = "name LIKE '%s%%'" % self.prefix
    filter_string = own if not pattern else own + " AND " + pattern
    pages, token = [], None
    while True:
      page = self.client.search_experiments(view_type=VIEW_TYPES[view], max_results=page_size,
                                            filter_string=filter_string, order_by=list(order_by), page_token=token)
      pages.append([self.experiment_answer(e) for e in page])
      token = page.token
      if not token or len(pages) > 20:
        return pages

  def op_create_run(self, ordinal, start_time, run_name, tag_key, parent):
    tags = {}
    if tag_key is not None:
      tags[tag_key] = "x"
    if parent is not None and self.runs:
      tags["mlflow.parentRunId"] = self.run_id(parent)
    run = self.client.create_run(self.experiment(ordinal), start_time=start_time, tags=tags, run_name=run_name)
    self.runs.append(run.info.run_id)
    if run_name is None and tag_key != "mlflow.runName":
      self.generated_names.add(run.info.run_name)
    return self.run_answer(run)

  def op_get_run(self, ordinal, bogus):
    return self.run_answer(self.client.get_run(UNKNOWN_RUN if bogus else self.run_id(ordinal)))

  def op_update_run(self, ordinal, status, end_time, name):
    if end_time is not None:
      self.client.set_terminated(self.run_id(ordinal), status=status, end_time=end_time)
    else:
      self.client.update_run(self.run_id(ordinal), status=status, name=name)
    return self.run_answer(self.client.get_run(self.run_id(ordinal)))

  def op_delete_run(self, ordinal):
    self.client.delete_run(self.run_id(ordinal))
    return "ok"

  def op_restore_run(self, ordinal):
    self.client.restore_run(self.run_id(ordinal))
    return "ok"

  def op_log_metric(self, ordinal, key, value, timestamp, step):
    self.client.log_metric(self.run_id(ordinal), key, value, timestamp=timestamp, step=step)
    return "ok"

  def op_log_param(self, ordinal, key, value):
    self.client.log_param(self.run_id(ordinal), key, value)
    return "ok"

  def op_set_tag(self, ordinal, key, value):
    self.client.set_tag(self.run_id(ordinal), key, value)
    return "ok"

  def op_delete_tag(self, ordinal, key):
    self.client.delete_tag(self.run_id(ordinal), key)
    return "ok"

  def op_log_batch(self, ordinal, metrics, params, tags):
    self.client.log_batch(self.run_id(ordinal),
                          metrics=[Metric(k, v, t, s) for k, v, t, s in metrics],
                          params=[Param(k, v) for k, v in params],
                          tags=[RunTag(k, v) for k, v in tags])
    return "ok"

  def op_log_inputs(self, ordinal, inputs):
    """runs/log-inputs: each input (name, digest, source, schema, context, whether it tags a key twice)."""
    datasets = []
    for name, digest, source, schema, context, repeated in inputs:
      tags = [InputTag("mlflow.data.context", context)] if context is not None else []
      tags += [InputTag("split", "a"), InputTag("split", "b")] if repeated else []
      datasets.append(DatasetInput(Dataset(name, digest, "s3", source, schema=schema), tags))
    self.client.log_inputs(self.run_id(ordinal), datasets=datasets)
    return self.run_answer(self.client.get_run(self.run_id(ordinal)))

  def op_get_metric_history(self, ordinal, key, unknown=False):
    history = self.client.get_metric_history(UNKNOWN_RUN if unknown else self.run_id(ordinal), key)
    return sorted(metric_answer(m) for m in history)

  def op_sample_metric_history(self, ordinals, key, max_results, steps, unknown):
    """metrics/get-history-bulk-interval, which MLflow's UI calls for charts and its client does not:
    through HTTP, the answer in the order the server gives it."""
    params = [("run_ids", self.run_id(o)) for o in ordinals] + [("run_ids", UNKNOWN_RUN)] * unknown
    params.append(("metric_key", key))
    if max_results is not None:
      params.append(("max_results", max_results))
    if steps is not None:
      first, last = steps
      params.append(("start_step", first))
      if last is not None:
        params.append(("end_step", last))
    answer = requests.get(self.client._tracking_client.tracking_uri + "/api/2.0/mlflow/metrics/get-history-bulk-interval",
                          params=params, timeout=60)
    body = answer.json()
    if answer.status_code != 200:
      return "error:" + body.get("error_code", str(answer.status_code))
    return [(self.ordinal("run", m["run_id"]), m["key"], m["value"], m["timestamp"], m["step"])
            for m in body.get("metrics", [])]

  def op_search_runs(self, ordinals, filter_string, view, order_by, page_size):
    experiment_ids = sorted({self.experiment(o) for o in ordinals})
    pages, token = [], None
    while True:
      page = self.client.search_runs(experiment_ids, filter_string=filter_string, run_view_type=VIEW_TYPES[view],
                                     max_results=page_size, order_by=list(order_by), page_token=token)
      pages.append([self.run_answer(r) for r in page])
      token = page.token
      if not token or len(pages) > 20:
        return self.by_name_answer(pages) if any("run_name" in o for o in order_by) else pages

  # Logged models --------------------------------------------------------------------------------

  def op_create_logged_model(self, ordinal, name, run, model_type, tags, params):
    model = self.client.create_logged_model(
        self.experiment(ordinal), name=name, source_run_id=self.run_id(run) if run is not None else None,
        tags=dict(tags) or None, params=dict(params) or None, model_type=model_type)
    self.models.append(model.model_id)
    if name is None:
      self.generated_names.add(model.name)
    # Searches order by creation time, then by model id, which each server draws at random: models
    # created in one millisecond would sort differently on the two servers.
    time.sleep(0.003)
    return self.model_answer(model)

  def op_get_logged_model(self, ordinal, unknown):
    return self.model_answer(self.client.get_logged_model(UNKNOWN_MODEL if unknown else self.model_id(ordinal)))

  def op_finalize_logged_model(self, ordinal, status):
    return self.model_answer(self.client.finalize_logged_model(self.model_id(ordinal), status))

  def op_delete_logged_model(self, ordinal):
    self.client.delete_logged_model(self.model_id(ordinal))
    self.deleted_models.add(self.model_id(ordinal))
    return "ok"

  def op_set_logged_model_tags(self, ordinal, tags):
    self.client.set_logged_model_tags(self.model_id(ordinal), dict(tags))
    return self.model_answer(self.client.get_logged_model(self.model_id(ordinal)))

  def op_delete_logged_model_tag(self, ordinal, key):
    self.client.delete_logged_model_tag(self.model_id(ordinal), key)
    return "ok"

  def op_log_model_params(self, ordinal, params):
    self.client.log_model_params(self.model_id(ordinal), dict(params))
    return self.model_answer(self.client.get_logged_model(self.model_id(ordinal)))

  def op_log_model_metric(self, run, model, key, value, timestamp, step, dataset):
    """A metric logged to a run and to one of the models (as log_model copies the run's). Never to a
    model that does not exist: MLflow then keeps the run's value and refuses the model's, in two
    transactions, where Mnemos refuses the call whole."""
    if not self.models:
      return "no model"
    name, digest = dataset if dataset is not None else (None, None)
    self.client.log_metric(self.run_id(run), key, value, timestamp=timestamp, step=step,
                           dataset_name=name, dataset_digest=digest, model_id=self.model_id(model))
    return self.model_answer(self.client.get_logged_model(self.model_id(model)))

  def op_log_model_outputs(self, run, models):
    self.client.log_outputs(self.run_id(run), [LoggedModelOutput(self.model_id(m), step) for m, step in models])
    return self.run_answer(self.client.get_run(self.run_id(run)))

  def op_log_model_inputs(self, run, models):
    self.client.log_inputs(self.run_id(run), models=[LoggedModelInput(self.model_id(m)) for m in models])
    return self.run_answer(self.client.get_run(self.run_id(run)))

  def op_search_logged_models(self, ordinals, filter_string, datasets, order_by, page_size):
    experiment_ids = sorted({self.experiment(o) for o in ordinals})
    order = [{"field_name": field, "ascending": ascending} for field, ascending in order_by]
    named = [{"dataset_name": name, "dataset_digest": digest} for name, digest in datasets]
    pages, token = [], None
    while True:
      page = self.client.search_logged_models(experiment_ids, filter_string=filter_string or None,
                                              datasets=named or None, max_results=page_size,
                                              order_by=order or None, page_token=token)
      pages.append([self.model_answer(m) for m in page])
      token = page.token
      if not token or len(pages) > 20:
        return pages

  # The model registry ---------------------------------------------------------------------------

  def registry_write(self, answer):
    """Searches order by the last update, which each server stamps: writes a few milliseconds apart
    keep the two servers' orders alike."""
    time.sleep(0.003)
    return answer

  def registered(self, name):
    return self.prefix + name

  def fill(self, template):
    return template.replace("{p}", self.prefix).replace("{P}", self.prefix.upper()).replace("{r0}", self.run_id(0))

  def op_create_registered_model(self, name, tags, description):
    model = self.client.create_registered_model(self.registered(name), tags=dict(tags) or None,
                                                description=description)
    return self.registry_write(self.registered_answer(model))

  def op_get_registered_model(self, name):
    return self.registered_answer(self.client.get_registered_model(self.registered(name)))

  def op_rename_registered_model(self, name, new_name):
    self.client.rename_registered_model(self.registered(name), self.registered(new_name))
    return self.registry_write(self.registered_answer(self.client.get_registered_model(self.registered(new_name))))

  def op_update_registered_model(self, name, description):
    model = self.client.update_registered_model(self.registered(name), description=description)
    return self.registry_write(self.registered_answer(model))

  def op_delete_registered_model(self, name):
    self.client.delete_registered_model(self.registered(name))
    return self.registry_write("ok")

  def op_set_registered_model_tag(self, name, key, value):
    self.client.set_registered_model_tag(self.registered(name), key, value)
    return self.registry_write(self.registered_answer(self.client.get_registered_model(self.registered(name))))

  def op_delete_registered_model_tag(self, name, key):
    self.client.delete_registered_model_tag(self.registered(name), key)
    return self.registry_write(self.registered_answer(self.client.get_registered_model(self.registered(name))))

  def op_create_model_version(self, name, source, run, model, tags):
    """A version from one of the sources MLflow's clients send, and some it refuses."""
    run_id, model_id = self.run_id(run), None
    if source == "runs":
      uri = "runs:/%s/model" % run_id
    elif source == "model":
      model_id = self.model_id(model)
      uri, run_id = "models:/" + model_id, None
    elif source == "model-id-only":
      # Never a model that is not there: MLflow then registers the version and fails to tag the
      # model, in two transactions, where Mnemos refuses the call whole.
      if not self.models or self.model_id(model) in self.deleted_models:
        return "no model"
      model_id = self.model_id(model)
      uri = "s3://bucket/models/%d" % model
    elif source == "artifacts":
      uri = self.client.get_run(run_id).info.artifact_uri + "/model" if self.runs else "mlflow-artifacts:/x"
    elif source == "other-run":
      uri = "runs:/%s/model" % UNKNOWN_RUN
    elif source == "s3":
      uri, run_id = "s3://bucket/models/%d" % run, None
    elif source == "climb":
      uri = "s3://bucket/a/../b"
    elif source == "local":
      uri = "/tmp/elsewhere/model"
    else:
      uri, run_id = "models:/%s/1" % self.registered(name), None
    version = self.client.create_model_version(self.registered(name), uri, run_id=run_id, tags=dict(tags) or None,
                                               await_creation_for=0, model_id=model_id)
    return self.registry_write(self.version_answer(version))

  def op_get_model_version(self, name, version):
    return self.version_answer(self.client.get_model_version(self.registered(name), version))

  def op_update_model_version(self, name, version, description):
    answer = self.client.update_model_version(self.registered(name), version, description=description)
    return self.registry_write(self.version_answer(answer))

  def op_transition_stage(self, name, version, stage, archive):
    answer = self.client.transition_model_version_stage(self.registered(name), version, stage,
                                                        archive_existing_versions=archive)
    return self.registry_write(self.version_answer(answer))

  def op_delete_model_version(self, name, version):
    self.client.delete_model_version(self.registered(name), version)
    return self.registry_write("ok")

  def op_set_model_version_tag(self, name, version, key, value):
    self.client.set_model_version_tag(self.registered(name), version, key, value)
    return self.registry_write(self.version_answer(self.client.get_model_version(self.registered(name), version)))

  def op_delete_model_version_tag(self, name, version, key):
    self.client.delete_model_version_tag(self.registered(name), version, key)
    return self.registry_write(self.version_answer(self.client.get_model_version(self.registered(name), version)))

  def op_set_alias(self, name, alias, version):
    self.client.set_registered_model_alias(self.registered(name), alias, version)
    return self.registry_write(self.registered_answer(self.client.get_registered_model(self.registered(name))))

  def op_delete_alias(self, name, alias):
    self.client.delete_registered_model_alias(self.registered(name), alias)
    return self.registry_write("ok")

  def op_get_by_alias(self, name, alias):
    return self.version_answer(self.client.get_model_version_by_alias(self.registered(name), alias))

  def op_get_latest_versions(self, name, stages):
    versions = self.client.get_latest_versions(self.registered(name), list(stages) or None)
    return sorted((self.version_answer(v) for v in versions), key=repr)

  def op_get_download_uri(self, name, version):
    return self.ids_in(self.client.get_model_version_download_uri(self.registered(name), version))

  def op_search_registered_models(self, filter_template, order_by, page_size):
    return self.pages(lambda token: self.client.search_registered_models(
        self.fill(filter_template), max_results=page_size, order_by=list(order_by) or None, page_token=token),
        self.registered_answer)

  def op_search_model_versions(self, filter_template, order_by, page_size):
    return self.pages(lambda token: self.client.search_model_versions(
        self.fill(filter_template), max_results=page_size, order_by=list(order_by) or None, page_token=token),
        self.version_answer)

  @staticmethod
  def pages(search, answer):
    pages, token = [], None
    while True:
      page = search(token)
      pages.append([answer(item) for item in page])
      token = page.token
      if not token or len(pages) > 20:
        return pages

  def unprefixed(self, name):
    return name[len(self.prefix):] if name.startswith(self.prefix) else name

  def registered_answer(self, model):
    return ("registered", self.unprefixed(model.name), model.description,
            tuple(sorted((self.version_answer(v) for v in model.latest_versions or ()), key=repr)),
            tuple(sorted(model.tags.items())), tuple(sorted(model.aliases.items())))

  def version_answer(self, version):
    run = version.run_id
    return ("version", self.unprefixed(version.name), version.version, version.description, version.current_stage,
            self.ids_in(self.unprefixed_uri(version.source)), self.ordinal("run", run) if run in self.runs else run,
            version.status, tuple(sorted(version.tags.items())), version.run_link, tuple(sorted(version.aliases)))

  def unprefixed_uri(self, uri):
    return uri.replace("models:/" + self.prefix, "models:/")

  def model_answer(self, model):
    name = "<generated>" if model.name in self.generated_names else model.name
    metrics = tuple(sorted((m.key, number(m.value), m.timestamp, m.step, m.dataset_name, m.dataset_digest,
                            self.ordinal("run", m.run_id), self.ordinal("model", m.model_id))
                           for m in model.metrics or ()))
    return ("model", self.ordinal("model", model.model_id), self.ordinal("experiment", model.experiment_id), name,
            self.ids_in(model.artifact_location), str(model.status), model.model_type,
            self.ordinal("run", model.source_run_id) if model.source_run_id else model.source_run_id,
            tuple(sorted((model.tags or {}).items())), tuple(sorted((model.params or {}).items())), metrics)

  def by_name_answer(self, pages):
    """Runs ordered by name, where some names are the random ones each server generated: where such a
    run falls differs between servers, so the answer is the named runs in order, the generated ones as
    a set, and the number of pages."""
    runs = [run for page in pages for run in page]
    generated = sorted((run for run in runs if run[3] == "<generated>"), key=repr)
    return ("by-name", [run for run in runs if run[3] != "<generated>"], generated, len(pages))

  # Answers --------------------------------------------------------------------------------------

  def experiment_answer(self, experiment):
    if experiment is None:
      return "none"
    return ("experiment", self.ordinal("experiment", experiment.experiment_id), experiment.name,
            self.ids_in(experiment.artifact_location), experiment.lifecycle_stage,
            tuple(sorted(experiment.tags.items())))

  def run_answer(self, run):
    info = run.info
    name = "<generated>" if info.run_name in self.generated_names else info.run_name
    tags = tuple(sorted((k, "<generated>" if k == "mlflow.runName" and v in self.generated_names
                         else self.ordinal("run", v) if k == "mlflow.parentRunId" and v in self.runs else v)
                        for k, v in run.data.tags.items()))
    metrics = tuple(sorted((k, number(v)) for k, v in run.data.metrics.items()))
    # MLflow answers a run's inputs in the order its database reads them: compared as a set.
    inputs = tuple(sorted(((i.dataset.name, i.dataset.digest, i.dataset.source_type, i.dataset.source,
                            i.dataset.schema, i.dataset.profile, tuple(sorted((t.key, t.value) for t in i.tags)))
                           for i in run.inputs.dataset_inputs), key=repr)) if run.inputs else ()
    models_read = tuple(sorted(self.ordinal("model", m.model_id) for m in run.inputs.model_inputs)) if run.inputs else ()
    models_logged = tuple(sorted((self.ordinal("model", m.model_id), m.step) for m in run.outputs.model_outputs)) \
        if run.outputs else ()
    return ("run", self.ordinal("run", info.run_id), self.ordinal("experiment", info.experiment_id), name,
            info.user_id, info.status, info.start_time, info.end_time, self.ids_in(info.artifact_uri),
            info.lifecycle_stage, metrics, tuple(sorted(run.data.params.items())), tags, inputs, models_read,
            models_logged)


def number(value):
  return "NaN" if isinstance(value, float) and math.isnan(value) else value


def metric_answer(metric):
  return (metric.key, number(metric.value), metric.timestamp, metric.step)


def client(uri):
  return MlflowClient(tracking_uri=uri)
