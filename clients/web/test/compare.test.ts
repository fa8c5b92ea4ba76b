import { describe, expect, it } from "vitest";
import { axisRange, pipelinesOf } from "../src/model/compare";

describe("compare", () => {
  it("puts the axis around the values, not at zero", () => {
    const range = axisRange([0.9, null, 0.89]);
    expect(range?.min).toBeCloseTo(0.8885);
    expect(range?.max).toBeCloseTo(0.9015);
    expect(axisRange([null])).toBeNull();
    expect(axisRange([2, 2])).toEqual({ min: 1.9, max: 2.1 });
    expect(axisRange([0, 0])).toEqual({ min: -1, max: 1 });
  });

  it("names the pipelines of the runs, each once", () => {
    expect(pipelinesOf([{ pipeline: "churn" }, { pipeline: "churn" }])).toEqual(["churn"]);
    expect(pipelinesOf([{ pipeline: "churn" }, { pipeline: null }, { pipeline: "fraud" }])).toEqual([
      "churn",
      "no pipeline",
      "fraud",
    ]);
  });
});
