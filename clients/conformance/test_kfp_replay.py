"""KFP replay: the calls KFP's v1 metadata writer and v2 driver/launcher make during a run.

Each replay runs on the MLMD library (in-process, fresh database) and on Mnemos (reset), through the
official client; every call's normalised answer (or error class) must agree. The run has a
preprocessing step, a ParallelFor of two training steps of which the second is a cache hit, and an
evaluation step that fails (reference: shared/reference/kfp.md §1, §2, §2.7).
"""

import hashlib
import json

import pytest
from ml_metadata import errors
from ml_metadata.metadata_store import metadata_store
from ml_metadata.proto import metadata_store_pb2 as mlmd

import differential
import mnemos_harness

RUN_ID = "9b3c6f1e-6c5a-4e0e-9d1f-2a4b5c6d7e8f"
WORKFLOW = "churn-pipeline-x7k2p"


class Recorder:
  """Calls the official client and records each answer, normalised, for comparison."""

  def __init__(self, store):
    self.store = store
    self.normaliser = differential.Runner(store)
    self.answers = []

  def call(self, method, *args, ids=None, **kwargs):
    """ids names the namespace of plain integer ids the method returns (e.g. "artifact")."""
    try:
      result = getattr(self.store, method)(*args, **kwargs)
    except errors.StatusError as e:
      self.answers.append((method, type(e).__name__))
      raise
    if ids == "execution_pair":  # put_execution: (execution id, artifact ids, context ids)
      recorded = self.normaliser.normalise((("execution", [result[0]]),
                                            ("artifact", [a for a in result[1] if a >= 0]), ("context", result[2])))
    elif ids is not None:
      recorded = self.normaliser.normalise((ids, list(result) if isinstance(result, list) else result))
    else:
      recorded = self.normaliser.normalise(result if not isinstance(result, tuple) else list(result))
    self.answers.append((method, recorded))
    return result

  def tolerate(self, method, *args, expected=errors.AlreadyExistsError, **kwargs):
    try:
      return self.call(method, *args, **kwargs)
    except expected:
      return None


def assert_same_answers(oracle, served, at_least):
  """Every call answered alike, naming the first that differs; then the same number of calls."""
  assert len(oracle.answers) > at_least
  for index, (expected, actual) in enumerate(zip(oracle.answers, served.answers, strict=False)):
    assert actual == expected, "call %d (%s) differs" % (index, expected[0])
  assert len(served.answers) == len(oracle.answers)


# ------------------------------------------------------------------------------------------------
# v1: the metadata writer, watching Argo pods (kfp.md §1)


def v1_writer(r):
  r.call("get_context_types")
  try:
    run_type = r.call("get_context_type", "KfpRun").id
  except errors.NotFoundError:
    run_type = r.call("put_context_type", mlmd.ContextType(
        name="KfpRun", properties={"pipeline_name": mlmd.STRING, "run_id": mlmd.STRING}), ids="context_type")
  contexts = {c.name: c.id for c in r.call("get_contexts")}
  if WORKFLOW not in contexts:
    context = mlmd.Context(type_id=run_type, name=WORKFLOW)
    context.properties["pipeline_name"].string_value = WORKFLOW
    context.properties["run_id"].string_value = WORKFLOW
    [contexts[WORKFLOW]] = r.call("put_contexts", [context], ids="context")
  run_context = contexts[WORKFLOW]

  def type_id(kind, name, properties=None):
    try:
      return r.call("get_%s_type" % kind, name).id
    except errors.NotFoundError:
      proto = {"artifact": mlmd.ArtifactType, "execution": mlmd.ExecutionType}[kind](name=name, properties=properties or {})
      return r.call("put_%s_type" % kind, proto, ids=kind + "_type")

  def step(pod, component, inputs, outputs, parameters):
    spec = json.dumps({"name": component, "outputs": [{"name": n, "type": t} for n, t, _ in outputs]})
    execution_type = type_id("execution", "components.%s@sha256=%s" % (component, hashlib.sha256(spec.encode()).hexdigest()),
                             {"pipeline_name": mlmd.STRING, "run_id": mlmd.STRING, "component_id": mlmd.STRING})
    execution = mlmd.Execution(type_id=execution_type)
    execution.properties["pipeline_name"].string_value = WORKFLOW
    execution.properties["run_id"].string_value = WORKFLOW
    execution.properties["component_id"].string_value = component
    execution.custom_properties["kfp_pod_name"].string_value = pod
    for name, value in parameters.items():
      field = {int: "int_value", float: "double_value"}.get(type(value), "string_value")
      setattr(execution.custom_properties["input:" + name], field, value if field != "string_value" else str(value))
    [execution_id] = r.call("put_executions", [execution], ids="execution")
    r.call("put_attributions_and_associations", [], [mlmd.Association(execution_id=execution_id, context_id=run_context)])
    events = []
    for name, uri in inputs:
      found = r.call("get_artifacts_by_uri", uri)
      if found:
        event = mlmd.Event(artifact_id=found[-1].id, execution_id=execution_id, type=mlmd.Event.INPUT)
        event.path.steps.add().key = name
        events.append(event)
    if events:
      r.call("put_events", events)
    for name, type_name, uri in outputs:
      artifact_type = type_id("artifact", type_name)
      artifact = mlmd.Artifact(type_id=artifact_type, uri=uri)
      artifact.custom_properties["name"].string_value = name
      artifact.custom_properties["pipeline_name"].string_value = WORKFLOW
      artifact.custom_properties["run_id"].string_value = WORKFLOW
      artifact.custom_properties["argo_artifact"].string_value = json.dumps({"name": name, "s3": {"key": uri}}, sort_keys=True)
      [artifact_id] = r.call("put_artifacts", [artifact], ids="artifact")
      event = mlmd.Event(artifact_id=artifact_id, execution_id=execution_id, type=mlmd.Event.OUTPUT)
      event.path.steps.add().key = name
      r.call("put_events", [event])
      r.call("put_attributions_and_associations", [mlmd.Attribution(artifact_id=artifact_id, context_id=run_context)], [])

  data = "minio://mlpipeline/artifacts/%s/preprocess/data.tgz" % WORKFLOW
  step(WORKFLOW + "-1", "preprocess", [], [("data", "Dataset", data), ("main-logs", "NoType", data + ".log")], {"rows": 1000})
  for index, learning_rate in enumerate((0.1, 0.01)):
    # The second iteration is a cache hit: the v1 cache webhook replays the first pod's outputs.
    model = "minio://mlpipeline/artifacts/%s/train/model.tgz" % WORKFLOW
    step("%s-2-%d" % (WORKFLOW, index), "train", [("data", data)], [("model", "Model", model)],
         {"learning_rate": learning_rate, "epochs": 10})
  step(WORKFLOW + "-3", "evaluate", [("model", model)], [], {"threshold": 0.9})  # failed: no outputs
  # What the KFP UI and users read back.
  r.call("get_artifacts_by_context", run_context)
  r.call("get_executions_by_context", run_context)
  r.call("get_artifacts_by_uri", model)
  r.call("get_artifact_types")
  r.call("get_execution_types")
  for artifact in r.store.get_artifacts_by_context(run_context):
    r.call("get_events_by_artifact_ids", [artifact.id])


# ------------------------------------------------------------------------------------------------
# v2: driver and launcher writing MLMD directly (kfp.md §2)


def v2_driver_and_launcher(r):
  def context_type(name):
    try:
      return r.call("get_context_type", name).id
    except errors.NotFoundError:
      return r.tolerate("put_context_type", mlmd.ContextType(name=name), ids="context_type") or r.call(
          "get_context_type", name).id

  def get_or_create_context(type_name, name, custom=None):
    existing = r.call("get_context_by_type_and_name", type_name, name)
    if existing is not None:
      return existing
    context = mlmd.Context(type_id=context_type(type_name), name=name)
    for key, value in (custom or {}).items():
      context.custom_properties[key].string_value = value
    r.tolerate("put_contexts", [context], ids="context")
    return r.call("get_context_by_type_and_name", type_name, name)

  def execution_type(name):
    return r.call("put_execution_type", mlmd.ExecutionType(name=name), ids="execution_type")

  def artifact_type(name):
    return r.call("put_artifact_type", mlmd.ArtifactType(name=name), ids="artifact_type")

  pipeline = get_or_create_context("system.Pipeline", "churn-pipeline")
  run = get_or_create_context("system.PipelineRun", RUN_ID, {
      "namespace": "kubeflow-user", "resource_name": "run-resource",
      "pipeline_root": "minio://mlpipeline/v2/artifacts/churn-pipeline/" + RUN_ID,
      "store_session_info": json.dumps({"Provider": "minio", "Params": {"region": "minio"}})})
  r.tolerate("put_parent_contexts", [mlmd.ParentContext(child_id=run.id, parent_id=pipeline.id)])
  contexts = [pipeline, run]

  def publish(execution, pairs=()):
    return r.call("put_execution", execution, list(pairs), contexts, ids="execution_pair")

  def new_execution(type_name, task, parent, state=mlmd.Execution.RUNNING, inputs=None, **custom):
    execution = mlmd.Execution(type_id=execution_type(type_name), last_known_state=state)
    execution.custom_properties["display_name"].string_value = task
    execution.custom_properties["task_name"].string_value = task
    if parent is not None:
      execution.custom_properties["parent_dag_id"].int_value = parent
    execution.custom_properties["inputs"].struct_value.SetInParent()
    execution.custom_properties["inputs"].struct_value.update(inputs or {})
    for key, value in custom.items():
      if isinstance(value, int):
        execution.custom_properties[key].int_value = value
      else:
        execution.custom_properties[key].string_value = value
    return execution

  # Root DAG driver, surviving a retry through the execution's unique name.
  root_name = "run/" + RUN_ID
  root = r.call("get_execution_by_type_and_name", "system.DAGExecution", root_name)
  if root is None:
    root_execution = new_execution("system.DAGExecution", "", None, inputs={"rows": 1000.0}, total_dag_tasks=3)
    root_execution.name = root_name
    root_id = publish(root_execution)[0]
  else:
    root_id = root.id

  def container_task(task, parent, inputs, outputs, state, cached_from=None):
    """Driver creates the execution; the launcher (or, on a cache hit, the driver) publishes it."""
    fingerprint = hashlib.sha256(json.dumps([task, sorted(a for a in inputs)]).encode()).hexdigest()
    execution = new_execution("system.ContainerExecution", task, parent, cache_fingerprint=fingerprint)
    execution_id, _, _ = publish(execution)
    r.call("get_executions_by_id", [execution_id])
    input_pairs = []
    for name, artifact_id in inputs:
      event = mlmd.Event(artifact_id=artifact_id, type=mlmd.Event.INPUT)
      event.path.steps.add().key = name
      input_pairs.append((None, event))
    output_pairs = []
    if cached_from is not None:
      for event in r.call("get_events_by_execution_ids", [cached_from]):
        if event.type == mlmd.Event.OUTPUT:
          output_pairs.append((None, mlmd.Event(artifact_id=event.artifact_id, type=mlmd.Event.OUTPUT, path=event.path)))
    else:
      for name, schema in outputs:
        artifact = mlmd.Artifact(type_id=artifact_type(schema), state=mlmd.Artifact.LIVE,
                                 uri="minio://mlpipeline/v2/artifacts/churn-pipeline/%s/%s/%s" % (RUN_ID, task, name))
        artifact.custom_properties["display_name"].string_value = name
        if schema == "system.Metrics":
          artifact.custom_properties["accuracy"].double_value = 0.875
        event = mlmd.Event(type=mlmd.Event.OUTPUT)
        event.path.steps.add().key = name
        output_pairs.append((artifact, event))
    published = mlmd.Execution(id=execution_id, type_id=execution.type_id, last_known_state=state)
    published.custom_properties.MergeFrom(execution.custom_properties)
    if cached_from is None:
      published.custom_properties["pod_name"].string_value = "%s-%s" % (task, RUN_ID[:8])
    else:
      published.custom_properties["cached_execution_id"].string_value = str(cached_from)
    _, artifact_ids, _ = publish(published, input_pairs + output_pairs)
    return execution_id, [a for a in artifact_ids if a >= 0]

  preprocess, [dataset] = container_task("preprocess", root_id, [], [("dataset", "system.Dataset")], mlmd.Execution.COMPLETE)
  loop = new_execution("system.DAGExecution", "for-loop-1", root_id, iteration_count=2, total_dag_tasks=1)
  loop_id, _, _ = publish(loop)
  models = []
  first_train = None
  for index in range(2):
    iteration = new_execution("system.DAGExecution", "for-loop-1", loop_id, iteration_index=index, total_dag_tasks=1)
    iteration_id, _, _ = publish(iteration)
    if index == 0:
      first_train, artifacts = container_task("train", iteration_id, [("dataset", dataset)],
                                              [("model", "system.Model"), ("metrics", "system.Metrics")],
                                              mlmd.Execution.COMPLETE)
    else:
      _, artifacts = container_task("train", iteration_id, [("dataset", dataset)], [], mlmd.Execution.CACHED,
                                    cached_from=first_train)
    models.extend(artifacts)
    r.call("put_executions", [mlmd.Execution(id=iteration_id, last_known_state=mlmd.Execution.COMPLETE)],
           field_mask_paths=["last_known_state"], ids="execution")
  container_task("evaluate", root_id, [("model", models[0])], [], mlmd.Execution.FAILED)
  # The launcher rolls up DAG states: children of each DAG, paged through the filter KFP sends.
  for dag in (loop_id, root_id):
    children = r.call("get_executions_by_context", run.id, list_options=metadata_store.ListOptions(
        filter_query="custom_properties.parent_dag_id.int_value = %d" % dag, limit=20))
    failed = any(c.last_known_state == mlmd.Execution.FAILED for c in children)
    r.call("put_executions", [mlmd.Execution(
        id=dag, last_known_state=mlmd.Execution.FAILED if failed else mlmd.Execution.COMPLETE)],
           field_mask_paths=["last_known_state"], ids="execution")
  # What the UI and a user read back.
  r.call("get_contexts_by_execution", preprocess)
  r.call("get_parent_contexts_by_context", run.id)
  r.call("get_artifacts_by_context", run.id, list_options=metadata_store.ListOptions(
      limit=3, order_by=metadata_store.OrderByField.CREATE_TIME, is_asc=False))
  r.call("get_executions_by_context", pipeline.id)
  r.call("get_events_by_artifact_ids", models)
  r.call("get_artifacts", list_options=metadata_store.ListOptions(filter_query="type = 'system.Metrics'"))
  options = mlmd.LineageSubgraphQueryOptions(max_num_hops=4, direction=mlmd.LineageSubgraphQueryOptions.UPSTREAM)
  options.starting_artifacts.filter_query = "id = %d" % models[0]
  r.call("get_lineage_subgraph", options)


@pytest.mark.parametrize("replay", [v1_writer, v2_driver_and_launcher], ids=["v1-metadata-writer", "v2-driver-launcher"])
def test_replay_agrees_with_the_library(resettable_mnemos, replay):
  resettable_mnemos.reset()
  oracle, mnemos = Recorder(mnemos_harness.fresh_oracle()), Recorder(resettable_mnemos.store)
  replay(oracle)
  replay(mnemos)
  assert_same_answers(oracle, mnemos, at_least=30)
