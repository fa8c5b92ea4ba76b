import type { LineageAnswer, RunDetails, RunStep, StepArtifact, StepProperty } from "../api/types";
import { EMPTY_GRAPH, mergeLineage, type LineageGraph } from "./lineageGraph";

/** A DAG execution holds steps (the run's root, a loop, a sub-pipeline); it is not drawn as one. */
export function isDag(step: RunStep): boolean {
  return step.typeName.endsWith("DAGExecution");
}

/** The run's steps and the artifacts between them, drawn as the lineage graph draws lineage. */
export function stepGraph(run: RunDetails): LineageGraph {
  const answer: LineageAnswer = { artifacts: [], executions: [], edges: [], truncated: false, frontier: [] };
  const artifacts = new Map<number, StepArtifact>();
  for (const step of run.steps.filter((s) => !isDag(s))) {
    answer.executions.push(step);
    for (const event of step.events) {
      artifacts.set(event.artifact.id, event.artifact);
      answer.edges.push({
        type: event.type,
        path: event.path,
        artifact: { id: event.artifact.id },
        execution: { id: step.id },
      });
    }
  }
  answer.artifacts = [...artifacts.values()];
  return mergeLineage(EMPTY_GRAPH, answer);
}

function property(details: StepProperty[], name: string): StepProperty | undefined {
  return details.find((p) => p.name === name);
}

/** The step's name as KFP shows it: its display name, else its task name, else its id. */
export function stepName(step: RunStep): string {
  const task = property(step.details, "task_name")?.stringValue;
  return step.displayName || task || step.name || `#${step.id}`;
}

/** The execution a cached step took its outputs from (KFP's `cached_execution_id`), if any. */
export function cachedFrom(step: RunStep): number | null {
  const id = Number(property(step.details, "cached_execution_id")?.stringValue ?? "");
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** The artifacts the run's steps wrote, each once, in step order. */
export function outputsOf(run: RunDetails): StepArtifact[] {
  const seen = new Map<number, StepArtifact>();
  for (const step of run.steps) {
    for (const event of step.events) {
      if (event.type === "OUTPUT" && !seen.has(event.artifact.id)) {
        seen.set(event.artifact.id, event.artifact);
      }
    }
  }
  return [...seen.values()];
}

/** A binary or multi-class confusion matrix and ROC points, as KFP's SDK stores them. */
export interface Classification {
  labels: string[];
  rows: number[][];
  roc: { falsePositiveRate: number; recall: number; threshold: number }[];
}

/** KFP wraps struct metadata as `{"struct": {...}}` and lists as `{"list": [...]}`. */
function unwrap(value: unknown): unknown {
  if (value != null && typeof value === "object" && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    if ("struct" in object) {
      return object.struct;
    }
    if ("list" in object) {
      return object.list;
    }
  }
  return value;
}

/**
 * The confusion matrix and ROC curve of a `system.ClassificationMetrics` artifact, or null when it
 * carries neither in the shape KFP's SDK writes (labels as many as rows, rows as long as labels).
 */
export function classificationOf(artifact: StepArtifact): Classification | null {
  const matrix = unwrap(property(artifact.details, "confusionMatrix")?.structValue) as
    { annotationSpecs?: { displayName?: string }[]; rows?: { row?: number[] }[] } | undefined;
  const labels = (matrix?.annotationSpecs ?? []).map((spec, i) => spec.displayName ?? `class ${i}`);
  const rows = (matrix?.rows ?? []).map((row) => (row.row ?? []).map(Number));
  const matrixFits =
    labels.length > 0 && rows.length === labels.length && rows.every((r) => r.length === labels.length);
  const points = unwrap(property(artifact.details, "confidenceMetrics")?.structValue);
  const roc = (Array.isArray(points) ? points : [])
    .map((point: { falsePositiveRate?: number; recall?: number; confidenceThreshold?: number }) => ({
      falsePositiveRate: Number(point.falsePositiveRate),
      recall: Number(point.recall),
      threshold: Number(point.confidenceThreshold),
    }))
    .filter((p) => Number.isFinite(p.falsePositiveRate) && Number.isFinite(p.recall))
    .sort((a, b) => a.falsePositiveRate - b.falsePositiveRate);
  if (!matrixFits && roc.length === 0) {
    return null;
  }
  return { labels: matrixFits ? labels : [], rows: matrixFits ? rows : [], roc };
}
