import type { MetricHistory } from "../api/types";

/** The context type of runs logged through MLflow's tracking API. */
export const MLFLOW_RUN = "mlflow.Run";

/** How a run of a context type is named beside another run. */
export function runKind(typeName: string): string {
  return typeName === MLFLOW_RUN ? "MLflow run" : "Pipeline run";
}

/**
 * What a history chart draws, one entry per point at the point's last step: the last value as the
 * line, and the band from the smallest to the largest value the point sums up (null for NaN).
 */
export interface HistorySeries {
  steps: number[];
  last: (number | null)[];
  low: (number | null)[];
  high: (number | null)[];
  /** Some point sums up more than one value: the band then shows what the line leaves out. */
  thinned: boolean;
}

export function historySeries(history: MetricHistory): HistorySeries {
  return {
    steps: history.points.map((p) => p.lastStep),
    last: history.points.map((p) => p.last ?? null),
    low: history.points.map((p) => p.min ?? null),
    high: history.points.map((p) => p.max ?? null),
    thinned: history.points.some((p) => p.count > 1),
  };
}
