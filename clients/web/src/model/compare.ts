import type { Run } from "../api/types";

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
