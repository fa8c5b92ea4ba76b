"""Shrunk counterexamples of the MLflow differential test, kept as regression cases: each sequence
once made MLflow's server and Mnemos answer differently (see test_mlflow_differential.py)."""

SEQUENCES = [
    # A run's latest metric value: the highest step wins, then the latest time, then the largest value.
    (("create_experiment", "ea", False), ("create_run", 0, 1000, "run-a", None, None),
     ("log_metric", 0, "loss", 0.5, 5, 2), ("log_metric", 0, "loss", 0.25, 9, 1),
     ("log_metric", 0, "loss", 1.0, 5, 2), ("get_run", 0, False), ("get_metric_history", 0, "loss")),
    # A batch that logs the same value twice keeps it once.
    (("create_experiment", "ea", False), ("create_run", 0, 1000, "run-a", None, None),
     ("log_batch", 0, (("loss", 0.5, 3, 1), ("loss", 0.5, 3, 1), ("acc", float("nan"), 3, 1),
                       ("acc", float("nan"), 3, 1)), (), ()),
     ("get_metric_history", 0, "loss"), ("get_metric_history", 0, "acc"), ("get_run", 0, False)),
    # A deleted experiment renamed onto a taken name: MLflow checks the stage first (INVALID_STATE).
    (("create_experiment", "ea", False), ("create_run", 0, 1000, "run-a", None, None),
     ("create_experiment", "ec", False), ("delete_experiment", 1), ("rename_experiment", 1, "ea")),
    # A run whose mlflow.runName tag was deleted: MLflow filters attributes.run_name on that tag.
    (("create_experiment", "ea", False), ("create_run", 0, 1000, "run-a", None, None),
     ("delete_tag", 0, "mlflow.runName"), ("search_runs", (0,), "attributes.run_name LIKE 'run-%'", "ALL", (), 1000)),
    # An input naming a tag twice beside a name too long: MLflow checks the lengths of every input
    # first (INVALID_PARAMETER_VALUE); the repeated tag fails only when stored (BAD_REQUEST), and
    # only for an input not stored before.
    (("create_experiment", "ea", False), ("create_run", 0, 1000, "run-a", None, None),
     ("log_inputs", 0, (("train", "d1", "local", None, "eval", True), ("t" * 501, "d2", "local", None, None, False))),
     ("log_inputs", 0, (("train", "d1", "local", None, "eval", False),)),
     ("log_inputs", 0, (("train", "d1", "local", None, "eval", True),)),
     ("log_inputs", 0, (("train", "d1", "local", None, None, False), ("train", "d1", "local", None, None, True))),
     ("search_runs", (0,), "dataset.context = 'eval'", "ALL", (), 1000)),
    # A logged model's param logged again, even with its value: MLflow's table refuses the second row.
    (("create_experiment", "ea", False), ("create_run", 0, 1000, "run-a", None, None),
     ("create_logged_model", 0, "clf", 0, "sklearn", (), (("opt", "0.01"),)),
     ("log_model_params", 0, (("opt", "0.01"), ("lr", "3"))), ("get_logged_model", 0, False)),
    # Runs found by a search come with their model outputs, not with the models they read.
    (("create_experiment", "ea", False), ("create_run", 0, 1000, "run-a", None, None),
     ("create_logged_model", 0, "clf", 0, "sklearn", (), ()), ("log_model_inputs", 0, (0,)),
     ("log_model_outputs", 0, ((0, 1),)), ("search_runs", (0,), "", "ALL", (), 1000), ("get_run", 0, False)),
]
