/**
 * The {@code mnemos} command line and the one process it starts: flags (MLMD's server flags and
 * ours), TLS, logging, and {@link dev.mnemos.app.MnemosServices}, the composition root that starts
 * the store, the query layer, health, HTTP, the watcher and gRPC in order and closes them in
 * reverse. Depends on every other module; nothing depends on it.
 */
package dev.mnemos.app;
