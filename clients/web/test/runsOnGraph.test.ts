import { describe, expect, it } from "vitest";
import type { LineageAnswer, NodeSummary, RunRef } from "../src/api/types";
import { EMPTY_GRAPH, mergeLineage } from "../src/model/lineageGraph";
import { narrowToRun, RUN_COLOURS, runOfNode, runsOnGraph } from "../src/model/runsOnGraph";

const run = (id: number): RunRef => ({ id, name: `run-${id}`, pipeline: "churn" });
const node = (kind: "ARTIFACT" | "EXECUTION", id: number, ...runs: number[]): NodeSummary => ({
  id,
  kind,
  typeName: kind === "ARTIFACT" ? "system.Model" : "system.ContainerExecution",
  runs: runs.map(run),
});

/**
 * A shared dataset (1, made by run 100) read by train steps of runs 200 (10) and 300 (11, 12: two
 * steps); each train step writes a model (2, 3).
 */
const answer: LineageAnswer = {
  artifacts: [node("ARTIFACT", 1, 100), node("ARTIFACT", 2, 200), node("ARTIFACT", 3, 300)],
  executions: [node("EXECUTION", 10, 200), node("EXECUTION", 11, 300), node("EXECUTION", 12, 300)],
  edges: [
    { type: "INPUT", path: [], artifact: { id: 1 }, execution: { id: 10 } },
    { type: "INPUT", path: [], artifact: { id: 1 }, execution: { id: 11 } },
    { type: "OUTPUT", path: [], artifact: { id: 2 }, execution: { id: 10 } },
    { type: "OUTPUT", path: [], artifact: { id: 3 }, execution: { id: 11 } },
  ],
  truncated: false,
  frontier: [{ kind: "EXECUTION", id: 12 }],
};
const graph = mergeLineage(EMPTY_GRAPH, answer);

describe("runs on the lineage graph", () => {
  it("colours the start node's run first, then the runs holding most nodes", () => {
    const runs = runsOnGraph(graph, "a2");
    expect(runs.map((entry) => [entry.run.id, entry.nodes, entry.colour])).toEqual([
      [200, 2, 0],
      [300, 3, 1],
      [100, 1, 2],
    ]);
    expect(runOfNode(graph, "e11", runs)?.run.id).toBe(300);
  });

  it("gives runs past the palette one shared colour", () => {
    const many = mergeLineage(EMPTY_GRAPH, {
      ...answer,
      edges: [],
      frontier: [],
      artifacts: Array.from({ length: RUN_COLOURS + 3 }, (_, i) => node("ARTIFACT", i + 1, 100 + i)),
      executions: [],
    });
    const colours = runsOnGraph(many, "a1").map((entry) => entry.colour);
    expect(colours.slice(0, RUN_COLOURS)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(colours.slice(RUN_COLOURS))).toEqual(new Set([RUN_COLOURS]));
  });

  it("a node of two runs wears the better-ranked one; a run no node wears is left out", () => {
    const shared = mergeLineage(graph, { ...answer, artifacts: [node("ARTIFACT", 1, 100, 300)], edges: [] });
    const runs = runsOnGraph(shared, "a3");
    expect(runOfNode(shared, "a1", runs)?.run.id).toBe(300);
    expect(runs.map((entry) => [entry.run.id, entry.nodes, entry.colour])).toEqual([
      [300, 4, 0],
      [200, 2, 1],
    ]);
  });

  it("narrows to one run's nodes and the events between them, keeping the start", () => {
    const narrowed = narrowToRun(graph, 300, "a1");
    expect([...narrowed.nodes.keys()].sort()).toEqual(["a1", "a3", "e11", "e12"]);
    expect([...narrowed.edges.values()].map((e) => `${e.from}>${e.to}`).sort()).toEqual(["a1>e11", "e11>a3"]);
    expect([...narrowed.frontier]).toEqual(["e12"]);
    expect(narrowToRun(graph, 999, "a2").nodes.size).toBe(1);
  });
});
