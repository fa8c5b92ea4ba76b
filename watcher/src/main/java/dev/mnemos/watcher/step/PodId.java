package dev.mnemos.watcher.step;

/** A pod, by where it runs and by the uid that tells it from a later pod of the same name. */
public record PodId(String namespace, String name, String uid) {}
