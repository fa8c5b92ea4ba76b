/**
 * The tracking store: MLflow's contract ({@link dev.mnemos.mlflow.store.TrackingStore}) over the
 * MLMD store. An experiment is a context of type {@code mlflow.Experiment}; a run is a context of
 * type {@code mlflow.Run}, child of its experiment's context (and of its parent run's, when
 * nested), with one execution of type {@code mlflow.Run} that holds its params as {@code input:}
 * properties and its status as the execution's state; tags are {@code tag:} properties of the
 * contexts. Metric values go to Mnemos' own history table, with the latest, smallest and largest
 * per run and key kept beside it in the same transaction.
 */
package dev.mnemos.mlflow.store;
