package dev.mnemos.mlflow.model;

/** The steps from {@code first} to {@code last}, both included. */
public record StepRange(long first, long last) {}
