import { describe, expect, it } from "vitest";
import { historySeries, runKind } from "../src/model/metricHistory";

describe("historySeries", () => {
  it("draws each point at its last step, NaN as a gap, and says when points sum up many values", () => {
    const series = historySeries({
      metric: "loss",
      count: 5,
      min: 0.1,
      max: 7,
      points: [
        { firstStep: 0, lastStep: 2, count: 3, first: 0.9, last: null, min: 0.1, max: 0.9 },
        { firstStep: 3, lastStep: 4, count: 2, first: 7, last: 0.2, min: 0.2, max: 7 },
      ],
    });
    expect(series).toEqual({
      steps: [2, 4],
      last: [null, 0.2],
      low: [0.1, 0.2],
      high: [0.9, 7],
      thinned: true,
    });
  });

  it("has no band to show while every point is one value", () => {
    const series = historySeries({
      metric: "acc",
      count: 1,
      min: 0.5,
      max: 0.5,
      points: [{ firstStep: 3, lastStep: 3, count: 1, first: 0.5, last: 0.5, min: 0.5, max: 0.5 }],
    });
    expect(series.thinned).toBe(false);
  });
});

describe("runKind", () => {
  it("names MLflow runs apart from pipeline runs", () => {
    expect(runKind("mlflow.Run")).toBe("MLflow run");
    expect(runKind("system.PipelineRun")).toBe("Pipeline run");
  });
});
