import { describe, expect, it } from "vitest";
import type { RunDetails, RunStep, StepArtifact } from "../src/api/types";
import { alignInputs, alignSteps, axisRange, pipelinesOf } from "../src/model/compare";

function artifact(id: number): StepArtifact {
  return {
    id,
    kind: "ARTIFACT",
    name: null,
    typeName: "system.Dataset",
    uri: `s3://d/${id}`,
    displayName: null,
    details: [],
  };
}

function step(id: number, typeName: string, name: string, state: string, events: RunStep["events"]): RunStep {
  return {
    id,
    kind: "EXECUTION",
    name: null,
    typeName,
    state,
    displayName: name,
    createTime: 1,
    lastUpdateTime: 2,
    details: [],
    events,
  };
}

/** A run importing dataset `version`, splitting it (or a cache hit), training in a loop. */
function run(version: number, splitState: string, trials: string[]): RunDetails {
  const split = artifact(100 + version);
  return {
    steps: [
      step(1, "system.DAGExecution", "", "COMPLETE", []),
      step(2, "system.ImporterExecution", "import", "COMPLETE", [
        { type: "OUTPUT", path: ["artifact"], artifact: artifact(version) },
      ]),
      step(3, "system.ContainerExecution", "split", splitState, [
        { type: "INPUT", path: ["dataset"], artifact: artifact(version) },
        { type: "OUTPUT", path: ["train"], artifact: split },
      ]),
      ...trials.map((state, i) =>
        step(10 + i, "system.ContainerExecution", "trial", state, [
          { type: "INPUT", path: ["train"], artifact: split },
        ]),
      ),
      step(9, "system.ContainerExecution", "report", "COMPLETE", [
        { type: "INPUT", path: ["template"], artifact: artifact(7) },
      ]),
    ],
  } as RunDetails;
}

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

  it("lines up what became of each step, a loop's steps counted by state", () => {
    const steps = alignSteps([run(1, "COMPLETE", ["COMPLETE", "COMPLETE"]), run(1, "CACHED", ["COMPLETE", "FAILED"])]);
    expect(steps.map((s) => [s.name, s.outcomes, s.differs])).toEqual([
      ["import", ["COMPLETE", "COMPLETE"], false],
      ["split", ["COMPLETE", "CACHED"], true],
      ["trial", ["2 COMPLETE", "1 COMPLETE, 1 FAILED"], true],
      ["report", ["COMPLETE", "COMPLETE"], false],
    ]);
  });

  it("lines up which dataset each run started from: imported, or read from outside the run", () => {
    const inputs = alignInputs([run(1, "COMPLETE", []), run(2, "COMPLETE", []), run(1, "CACHED", [])]);
    expect(inputs.map((i) => [i.name, i.artifacts.map((a) => a?.id ?? null), i.differs])).toEqual([
      ["import", [1, 2, 1], true],
      ["report.template", [7, 7, 7], false],
    ]);
  });
});
