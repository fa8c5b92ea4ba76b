import { describe, expect, it } from "vitest";
import type { RunDetails, RunStep, StepArtifact } from "../src/api/types";
import { cachedFrom, classificationOf, isDag, outputsOf, stepGraph, stepName } from "../src/model/runSteps";

function artifact(id: number, typeName: string, details: StepArtifact["details"] = []): StepArtifact {
  return { id, kind: "ARTIFACT", name: null, typeName, uri: `s3://x/${id}`, state: "LIVE", displayName: null, details };
}

function step(
  id: number,
  typeName: string,
  display: string,
  events: RunStep["events"],
  details: RunStep["details"] = [],
): RunStep {
  return {
    id,
    kind: "EXECUTION",
    name: null,
    typeName,
    state: "COMPLETE",
    displayName: display,
    createTime: 1,
    lastUpdateTime: 2,
    details,
    events,
  };
}

const dataset = artifact(10, "system.Dataset");
const model = artifact(11, "system.Model");
const run = {
  steps: [
    step(1, "system.DAGExecution", "", []),
    step(
      2,
      "system.ContainerExecution",
      "split",
      [{ type: "OUTPUT", path: ["train"], artifact: dataset }],
      [{ name: "cached_execution_id", stringValue: "42" }],
    ),
    step(3, "system.ContainerExecution", "train", [
      { type: "INPUT", path: ["train"], artifact: dataset },
      { type: "OUTPUT", path: ["model"], artifact: model },
    ]),
  ],
} as RunDetails;

describe("run steps", () => {
  it("draws steps and the artifacts between them, not the DAGs that hold them", () => {
    const graph = stepGraph(run);
    expect([...graph.nodes.keys()].sort()).toEqual(["a10", "a11", "e2", "e3"]);
    expect([...graph.edges.values()].map((e) => `${e.from}>${e.to}`).sort()).toEqual(["a10>e3", "e2>a10", "e3>a11"]);
    expect(isDag(run.steps[0])).toBe(true);
  });

  it("names steps and finds where a cached step was computed", () => {
    expect(stepName(run.steps[2])).toBe("train");
    expect(cachedFrom(run.steps[1])).toBe(42);
    expect(cachedFrom(run.steps[2])).toBeNull();
    expect(outputsOf(run).map((a) => a.id)).toEqual([10, 11]);
  });

  it("reads KFP's confusion matrix and ROC points, and refuses a matrix of the wrong shape", () => {
    const metrics = artifact(12, "system.ClassificationMetrics", [
      {
        name: "confusionMatrix",
        structValue: {
          struct: {
            annotationSpecs: [{ displayName: "cat" }, { displayName: "dog" }],
            rows: [{ row: [8, 2] }, { row: [1, 9] }],
          },
        },
      },
      {
        name: "confidenceMetrics",
        structValue: {
          list: [
            { confidenceThreshold: 0.9, falsePositiveRate: 0.3, recall: 0.8 },
            { confidenceThreshold: 0.5, falsePositiveRate: 0.1, recall: 0.6 },
          ],
        },
      },
    ]);
    expect(classificationOf(metrics)).toEqual({
      labels: ["cat", "dog"],
      rows: [
        [8, 2],
        [1, 9],
      ],
      roc: [
        { falsePositiveRate: 0.1, recall: 0.6, threshold: 0.5 },
        { falsePositiveRate: 0.3, recall: 0.8, threshold: 0.9 },
      ],
    });
    const ragged = artifact(13, "system.ClassificationMetrics", [
      {
        name: "confusionMatrix",
        structValue: { struct: { annotationSpecs: [{ displayName: "a" }], rows: [{ row: [1, 2] }] } },
      },
    ]);
    expect(classificationOf(ragged)).toBeNull();
  });
});
