"""What a user of the official `ml-metadata` client sees from Mnemos, on each backend."""

import pytest
from ml_metadata import errors
from ml_metadata.proto import metadata_store_pb2 as mlmd


def test_types_nodes_events_round_trip(mnemos):
  store = mnemos.store()
  model_type = mlmd.ArtifactType(name="Model", properties={"accuracy": mlmd.DOUBLE}, base_type=mlmd.ArtifactType.MODEL)
  model_type_id = store.put_artifact_type(model_type)
  trainer_id = store.put_execution_type(mlmd.ExecutionType(name="Trainer"))
  run_type_id = store.put_context_type(mlmd.ContextType(name="Run"))

  assert store.get_artifact_type("Model").id == model_type_id
  assert store.get_artifact_type("Model").base_type == mlmd.ArtifactType.MODEL
  model = mlmd.Artifact(type_id=model_type_id, uri="/models/1")
  model.properties["accuracy"].double_value = 0.91
  [model_id] = store.put_artifacts([model])
  [execution_id] = store.put_executions([mlmd.Execution(type_id=trainer_id, last_known_state=mlmd.Execution.RUNNING)])
  [run_id] = store.put_contexts([mlmd.Context(type_id=run_type_id, name="run-1")])
  event = mlmd.Event(artifact_id=model_id, execution_id=execution_id, type=mlmd.Event.OUTPUT)
  event.path.steps.add().key = "model"
  store.put_events([event])
  store.put_attributions_and_associations(
      [mlmd.Attribution(artifact_id=model_id, context_id=run_id)],
      [mlmd.Association(execution_id=execution_id, context_id=run_id)])

  [stored] = store.get_artifacts_by_id([model_id])
  assert stored.properties["accuracy"].double_value == 0.91
  assert stored.type == "Model"
  [stored_event] = store.get_events_by_artifact_ids([model_id])
  assert stored_event.path.steps[0].key == "model"
  assert [a.id for a in store.get_artifacts_by_context(run_id)] == [model_id]
  assert [e.id for e in store.get_executions_by_context(run_id)] == [execution_id]
  assert [c.name for c in store.get_contexts_by_artifact(model_id)] == ["run-1"]


def test_put_execution_with_context_reuse(mnemos):
  store = mnemos.store()
  data_type = store.put_artifact_type(mlmd.ArtifactType(name="Data"))
  step_type = store.put_execution_type(mlmd.ExecutionType(name="Step"))
  run_type = store.put_context_type(mlmd.ContextType(name="Run"))
  run = mlmd.Context(type_id=run_type, name="run-1")

  def step(uri):
    return (mlmd.Execution(type_id=step_type, last_known_state=mlmd.Execution.COMPLETE),
            [(mlmd.Artifact(type_id=data_type, uri=uri), mlmd.Event(type=mlmd.Event.OUTPUT))])

  execution_1, artifacts_1, [context_1] = store.put_execution(*step("/a"), [run])
  with pytest.raises(errors.AlreadyExistsError):
    store.put_execution(*step("/b"), [run])
  execution_2, _, [context_2] = store.put_execution(*step("/b"), [run], reuse_context_if_already_exist=True)

  assert context_1 == context_2
  assert sorted(e.id for e in store.get_executions_by_context(context_1)) == [execution_1, execution_2]
  assert len(store.get_artifacts_by_uri("/b")) == 1
  assert [e.artifact_id for e in store.get_events_by_execution_ids([execution_1])] == artifacts_1


def test_bad_input_raises_mlmd_error_classes(mnemos):
  store = mnemos.store()
  type_id = store.put_artifact_type(mlmd.ArtifactType(name="Data", properties={"span": mlmd.INT}))
  run_type = store.put_context_type(mlmd.ContextType(name="Run"))
  store.put_contexts([mlmd.Context(type_id=run_type, name="dup")])

  with pytest.raises(errors.NotFoundError):
    store.get_artifact_type("NoSuchType")
  with pytest.raises(errors.AlreadyExistsError):
    store.put_artifact_type(mlmd.ArtifactType(name="Data", properties={"span": mlmd.STRING}))
  with pytest.raises(errors.AlreadyExistsError):
    store.put_contexts([mlmd.Context(type_id=run_type, name="dup")])
  unknown = mlmd.Artifact(type_id=type_id)
  unknown.properties["nope"].int_value = 1
  with pytest.raises(errors.InvalidArgumentError):
    store.put_artifacts([unknown])
  with pytest.raises(errors.NotFoundError):
    store.put_artifacts([mlmd.Artifact(type_id=99999)])


# The shipped metadata_store_test.py covers these three behaviours, but its tests for them are
# broken (they call _get_metadata_store without cli_args); these are our versions.
def test_small_receive_limit_is_resource_exhausted(mnemos):
  store = mnemos.store(channel_arguments=mlmd.GrpcChannelArguments(max_receive_message_length=1))
  mnemos.store().put_artifact_type(mlmd.ArtifactType(name="Data"))
  with pytest.raises(errors.ResourceExhaustedError):
    store.get_artifact_types()


def test_zero_timeout_is_deadline_exceeded(mnemos):
  with pytest.raises(errors.DeadlineExceededError):
    mnemos.store(client_timeout_sec=0).get_artifact_types()


def test_http2_ping_strikes_setting_is_accepted(mnemos):
  store = mnemos.store(channel_arguments=mlmd.GrpcChannelArguments(http2_max_ping_strikes=0))
  store.put_artifact_type(mlmd.ArtifactType(name="Data"))
  assert [t.name for t in store.get_artifact_types()] == ["Data"]
