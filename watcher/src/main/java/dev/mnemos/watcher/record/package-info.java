/**
 * Recording a step in MLMD: the step record, the v1 recorder (executions, artifacts, events, the
 * run context) and the pod facts added to KFP v2's own executions.
 */
package dev.mnemos.watcher.record;
