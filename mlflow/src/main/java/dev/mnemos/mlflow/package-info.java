/**
 * MLflow's tracking API on the MLMD store: {@link dev.mnemos.mlflow.MlflowTracking} composes the
 * tracking store ({@code store}: experiments, runs and their data as MLMD contexts, executions and
 * properties, metric history in its own table) and its REST face ({@code rest}). Its sub-packages
 * never depend on this one.
 */
package dev.mnemos.mlflow;
