import type { Run, RunDetails, StepArtifact } from "../api/types";
import { isDag, stepName } from "./runSteps";

/**
 * A value axis around the data: from a little below the lowest value to a little above the
 * highest, so 0.89 and 0.90 do not look equal; null when no run has a value.
 */
export function axisRange(values: (number | null)[]): { min: number; max: number } | null {
  const present = values.filter((value): value is number => value != null);
  if (present.length === 0) {
    return null;
  }
  const low = Math.min(...present);
  const high = Math.max(...present);
  const pad = high > low ? (high - low) * 0.15 : Math.abs(high) * 0.05 || 1;
  return { min: low - pad, max: high + pad };
}

/** The pipelines the compared runs belong to, each once, in run order; runs without one apart. */
export function pipelinesOf(runs: Pick<Run, "pipeline">[]): string[] {
  return [...new Set(runs.map((run) => run.pipeline ?? "no pipeline"))];
}

/** One step across the compared runs: what became of it in each (null where a run lacks it). */
export interface AlignedStep {
  name: string;
  outcomes: (string | null)[];
  differs: boolean;
}

/**
 * The runs' steps by name, in the first run's order (then the others' new ones): each run's
 * outcome is the state of its execution of the step, or, for a step that ran several times (a
 * loop), the count of each state ("24 COMPLETE").
 */
export function alignSteps(runs: RunDetails[]): AlignedStep[] {
  const names: string[] = [];
  const perRun = runs.map((run) => {
    const states = new Map<string, string[]>();
    for (const step of run.steps.filter((s) => !isDag(s))) {
      const name = stepName(step);
      if (!names.includes(name)) {
        names.push(name);
      }
      states.set(name, [...(states.get(name) ?? []), step.state ?? "UNKNOWN"]);
    }
    return states;
  });
  return names.map((name) => {
    const outcomes = perRun.map((states) => {
      const found = states.get(name);
      if (found == null) {
        return null;
      }
      if (found.length === 1) {
        return found[0];
      }
      const counts = new Map<string, number>();
      found.forEach((state) => counts.set(state, (counts.get(state) ?? 0) + 1));
      return [...counts.entries()].map(([state, count]) => `${count} ${state}`).join(", ");
    });
    return { name, outcomes, differs: new Set(outcomes).size > 1 };
  });
}

/** One input across the compared runs: the artifact each run started from there. */
export interface AlignedInput {
  name: string;
  artifacts: (StepArtifact | null)[];
  differs: boolean;
}

/**
 * What each run started from: the artifacts its importer steps brought in (KFP's `dsl.importer`),
 * and the artifacts its steps read that none of its executions wrote; named by the importing step,
 * or by the reading step and its input (`split-data.dataset`). Which dataset version each run
 * read, side by side.
 */
export function alignInputs(runs: RunDetails[]): AlignedInput[] {
  const names: string[] = [];
  const perRun = runs.map((run) => {
    const inputs = new Map<string, StepArtifact>();
    const written = new Set<number>();
    for (const step of run.steps) {
      for (const event of step.events) {
        if (event.type === "OUTPUT") {
          written.add(event.artifact.id);
        }
      }
    }
    for (const step of run.steps.filter((s) => !isDag(s))) {
      for (const event of step.events) {
        const imported = step.typeName.endsWith("ImporterExecution") && event.type === "OUTPUT";
        const fromOutside = event.type === "INPUT" && !written.has(event.artifact.id);
        if (imported || fromOutside) {
          const name = imported ? stepName(step) : `${stepName(step)}.${event.path[0] ?? "input"}`;
          if (!inputs.has(name)) {
            inputs.set(name, event.artifact);
          }
          if (!names.includes(name)) {
            names.push(name);
          }
        }
      }
    }
    return inputs;
  });
  return names.map((name) => {
    const artifacts = perRun.map((inputs) => inputs.get(name) ?? null);
    return { name, artifacts, differs: new Set(artifacts.map((a) => a?.id ?? null)).size > 1 };
  });
}
