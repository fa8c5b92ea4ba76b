/**
 * MLflow's tracking vocabulary as plain records, with no protocol and no table: experiments, runs,
 * metrics, params and tags, and the error codes MLflow answers with.
 */
package dev.mnemos.mlflow.model;
