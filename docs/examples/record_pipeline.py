"""Records a small KFP-v2-shaped pipeline in Mnemos through the official ml-metadata client.

Two runs of pipeline `churn`: ingest -> train, each with a dataset, a model and a metrics
artifact (accuracy, auc), and the run arguments on the root DAG execution, as the KFP v2
driver and launcher write them. Usage: python record_pipeline.py [host] [port]

Run names are unique in MLMD, so a second run of the script finds both runs recorded and says so
instead of failing; record into a fresh store (or another name) to start over.
"""

import sys

from ml_metadata import metadata_store
from ml_metadata.proto import metadata_store_pb2 as mlmd


def connect(host, port):
    config = mlmd.MetadataStoreClientConfig(host=host, port=port)
    return metadata_store.MetadataStore(config)


def context_type(store, name):
    return store.put_context_type(mlmd.ContextType(name=name))


def record(store, run_name, learning_rate, accuracy, auc):
    pipeline_type = context_type(store, "system.Pipeline")
    run_type = context_type(store, "system.PipelineRun")
    dag_type = store.put_execution_type(mlmd.ExecutionType(name="system.DAGExecution"))
    step_type = store.put_execution_type(mlmd.ExecutionType(name="system.ContainerExecution"))
    dataset_type = store.put_artifact_type(mlmd.ArtifactType(name="system.Dataset"))
    model_type = store.put_artifact_type(mlmd.ArtifactType(name="system.Model"))
    metrics_type = store.put_artifact_type(mlmd.ArtifactType(name="system.Metrics"))

    pipelines = store.get_contexts_by_type("system.Pipeline")
    if pipelines:
        pipeline = pipelines[0]
    else:
        pipeline = mlmd.Context(type_id=pipeline_type, name="churn")
        [pipeline.id] = store.put_contexts([pipeline])
    run = mlmd.Context(type_id=run_type, name=run_name)
    run.custom_properties["namespace"].string_value = "kubeflow"
    [run.id] = store.put_contexts([run])
    store.put_parent_contexts([mlmd.ParentContext(child_id=run.id, parent_id=pipeline.id)])

    root = mlmd.Execution(type_id=dag_type, name=f"run/{run_name}",
                          last_known_state=mlmd.Execution.COMPLETE)
    root.custom_properties["inputs"].struct_value.update(
        {"learning_rate": learning_rate, "source": "s3://data/churn.csv"})
    root.id, _, _ = store.put_execution(root, [], [pipeline, run])

    def step(name, inputs, outputs):
        execution = mlmd.Execution(type_id=step_type, last_known_state=mlmd.Execution.COMPLETE)
        execution.custom_properties["display_name"].string_value = name
        execution.custom_properties["parent_dag_id"].int_value = root.id
        pairs = []
        for key, artifact in inputs:
            event = mlmd.Event(type=mlmd.Event.INPUT)
            event.path.steps.add().key = key
            pairs.append((artifact, event))
        for key, artifact in outputs:
            event = mlmd.Event(type=mlmd.Event.OUTPUT)
            event.path.steps.add().key = key
            pairs.append((artifact, event))
        _, artifact_ids, _ = store.put_execution(execution, pairs, [pipeline, run])
        return artifact_ids

    dataset = mlmd.Artifact(type_id=dataset_type, uri=f"minio://mlpipeline/v2/artifacts/churn/{run_name}/ingest/dataset",
                            state=mlmd.Artifact.LIVE)
    dataset.custom_properties["display_name"].string_value = "dataset"
    [dataset.id] = step("ingest", [], [("dataset", dataset)])
    model = mlmd.Artifact(type_id=model_type, uri=f"minio://mlpipeline/v2/artifacts/churn/{run_name}/train/model",
                          state=mlmd.Artifact.LIVE)
    model.custom_properties["framework"].string_value = "xgboost"
    metrics = mlmd.Artifact(type_id=metrics_type, uri=f"minio://mlpipeline/v2/artifacts/churn/{run_name}/train/metrics",
                            state=mlmd.Artifact.LIVE)
    metrics.custom_properties["accuracy"].double_value = accuracy
    metrics.custom_properties["auc"].double_value = auc
    step("train", [("dataset", dataset)], [("model", model), ("metrics", metrics)])
    return run.id


def already_recorded(store, run_name):
    return store.get_context_by_type_and_name("system.PipelineRun", run_name)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    host = argv[0] if len(argv) > 0 else "localhost"
    port = int(argv[1]) if len(argv) > 1 else 8080
    store = connect(host, port)
    for run_name, learning_rate, accuracy, auc in [("run-1", 0.1, 0.87, 0.91),
                                                   ("run-2", 0.05, 0.93, 0.95)]:
        found = already_recorded(store, run_name)
        if found is not None:
            print(f"{run_name} is already recorded (context {found.id}): skipped")
        else:
            print(f"recorded {run_name} (context "
                  f"{record(store, run_name, learning_rate, accuracy, auc)})")


if __name__ == "__main__":
    main()
