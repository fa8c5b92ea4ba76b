/**
 * The pod watcher: informers on pods, Argo workflows and task results ({@link
 * dev.mnemos.watcher.PodWatcher}), a work queue with retries, and {@link
 * dev.mnemos.watcher.Watcher}, which composes them with the leader election. Writes go through the
 * MLMD gRPC API only.
 */
package dev.mnemos.watcher;
