/**
 * MLflow's tracking REST API ({@code /api/2.0/mlflow/...}) on the HTTP port: requests read from
 * JSON or query parameters, answered in MLflow's JSON and error format; it only translates to and
 * from {@link dev.mnemos.mlflow.store.TrackingStore}.
 */
package dev.mnemos.mlflow.rest;
