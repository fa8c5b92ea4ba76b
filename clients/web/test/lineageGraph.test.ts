import { describe, expect, it } from "vitest";
import type { LineageAnswer, NodeSummary } from "../src/api/types";
import { EMPTY_GRAPH, mergeLineage, shortestPath, toElk } from "../src/model/lineageGraph";

const artifact = (id: number, name: string): NodeSummary => ({
  id,
  kind: "ARTIFACT",
  name,
  typeName: "system.Dataset",
});
const execution = (id: number): NodeSummary => ({
  id,
  kind: "EXECUTION",
  typeName: "system.ContainerExecution",
  state: "COMPLETE",
});

/** dataset(1) → train(10) → model(2); the walk from the model, one hop: train is its frontier. */
const oneHop: LineageAnswer = {
  artifacts: [artifact(2, "model")],
  executions: [execution(10)],
  edges: [{ type: "OUTPUT", path: ["model"], artifact: { id: 2 }, execution: { id: 10 } }],
  truncated: false,
  frontier: [{ kind: "EXECUTION", id: 10 }],
};
/** The walk from train, one hop: its input dataset and its outputs. */
const fromTrain: LineageAnswer = {
  artifacts: [artifact(1, "dataset"), artifact(2, "model"), artifact(3, "metrics")],
  executions: [execution(10)],
  edges: [
    { type: "INPUT", path: ["dataset"], artifact: { id: 1 }, execution: { id: 10 } },
    { type: "OUTPUT", path: ["model"], artifact: { id: 2 }, execution: { id: 10 } },
    { type: "OUTPUT", path: ["metrics"], artifact: { id: 3 }, execution: { id: 10 } },
  ],
  truncated: true,
  frontier: [
    { kind: "ARTIFACT", id: 1 },
    { kind: "ARTIFACT", id: 3 },
  ],
};

describe("lineage graph", () => {
  it("draws events the way data flows", () => {
    const graph = mergeLineage(EMPTY_GRAPH, fromTrain);
    const edges = [...graph.edges.values()].map((e) => `${e.from}>${e.to}`).sort();
    expect(edges).toEqual(["a1>e10", "e10>a2", "e10>a3"]);
  });

  it("adds an expansion's neighbours once and moves the frontier", () => {
    const first = mergeLineage(EMPTY_GRAPH, oneHop);
    expect([...first.nodes.keys()].sort()).toEqual(["a2", "e10"]);
    expect([...first.frontier]).toEqual(["e10"]);
    expect(first.truncated).toBe(false);

    const expanded = mergeLineage(first, fromTrain, ["e10"]);
    expect([...expanded.nodes.keys()].sort()).toEqual(["a1", "a2", "a3", "e10"]);
    expect(expanded.edges.size).toBe(3);
    expect([...expanded.frontier].sort()).toEqual(["a1", "a3"]);
    expect(expanded.truncated).toBe(true);
    // The first graph is left as it was: the page keeps it until the new layout is ready.
    expect(first.nodes.size).toBe(2);
  });

  it("finds the path between two nodes against the arrows too", () => {
    const graph = mergeLineage(EMPTY_GRAPH, fromTrain);
    const path = shortestPath(graph, "a3", "a1");
    expect(path).not.toBeNull();
    expect([...path!.nodes].sort()).toEqual(["a1", "a3", "e10"]);
    expect(path!.edges.size).toBe(2);
    expect(shortestPath(graph, "a3", "a99")).toBeNull();
  });

  it("says when two nodes are not connected", () => {
    const island: LineageAnswer = { ...oneHop, artifacts: [artifact(2, "model"), artifact(7, "alone")] };
    expect(shortestPath(mergeLineage(EMPTY_GRAPH, island), "a2", "a7")).toBeNull();
  });

  it("gives ELK every node and edge, in a stable order", () => {
    const elk = toElk(mergeLineage(EMPTY_GRAPH, fromTrain));
    expect(elk.layoutOptions["elk.direction"]).toBe("RIGHT");
    expect(elk.children.map((c) => c.id)).toEqual(["a1", "a2", "a3", "e10"]);
    expect(elk.edges).toHaveLength(3);
    expect(elk.edges[0]).toMatchObject({ sources: ["a1"], targets: ["e10"] });
  });
});
