/**
 * What a pod is as a pipeline step: its id, kind (a KFP v1 step, cached or not, a KFP v2 launcher
 * or driver pod, a TFX component), component spec and launcher command, read from the pod alone.
 */
package dev.mnemos.watcher.step;
