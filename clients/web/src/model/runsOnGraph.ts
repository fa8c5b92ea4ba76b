import type { RunRef } from "../api/types";
import type { LineageGraph } from "./lineageGraph";

/** How many runs get a colour of their own; nodes of further runs share one grey. */
export const RUN_COLOURS = 6;

/** A run on the graph: its colour (`RUN_COLOURS` for the shared grey), how many nodes wear it. */
export interface RunOnGraph {
  run: RunRef;
  nodes: number;
  colour: number;
}

/**
 * The runs the graph's nodes are drawn with. Runs are ranked the start node's first run (the one
 * that made it) first, then by how many nodes belong to each, so the colours a user sees most are
 * the distinct ones and stay put while the graph grows by a node or two. A node of several runs
 * (a dataset every run imports) wears the best-ranked; a run no node wears is left out.
 */
export function runsOnGraph(graph: LineageGraph, start: string): RunOnGraph[] {
  const members = new Map<number, { run: RunRef; nodes: number }>();
  for (const { node } of graph.nodes.values()) {
    for (const run of node.runs ?? []) {
      const seen = members.get(run.id) ?? members.set(run.id, { run, nodes: 0 }).get(run.id)!;
      seen.nodes++;
    }
  }
  const home = graph.nodes.get(start)?.node.runs?.[0]?.id;
  const ranked = [...members.values()].sort(
    (a, b) => Number(b.run.id === home) - Number(a.run.id === home) || b.nodes - a.nodes || a.run.id - b.run.id,
  );
  const rank = new Map(ranked.map((entry, index) => [entry.run.id, index]));
  const worn = new Map<number, number>();
  for (const { node } of graph.nodes.values()) {
    const best = Math.min(...(node.runs ?? []).map((run) => rank.get(run.id)!));
    if (Number.isFinite(best)) {
      const id = ranked[best].run.id;
      worn.set(id, (worn.get(id) ?? 0) + 1);
    }
  }
  return ranked
    .filter((entry) => worn.has(entry.run.id))
    .map((entry, index) => ({ run: entry.run, nodes: worn.get(entry.run.id)!, colour: Math.min(index, RUN_COLOURS) }));
}

/** The run a node is drawn with: of the runs it belongs to, the one first on the graph's list. */
export function runOfNode(graph: LineageGraph, key: string, runs: RunOnGraph[]): RunOnGraph | null {
  const ids = new Set((graph.nodes.get(key)?.node.runs ?? []).map((run) => run.id));
  return runs.find((entry) => ids.has(entry.run.id)) ?? null;
}

/**
 * Only the nodes of one run and the events between them; `keep` (the node the walk started from)
 * stays whatever run it belongs to, so the page never loses its subject.
 */
export function narrowToRun(graph: LineageGraph, runId: number, keep: string): LineageGraph {
  const nodes = new Map(
    [...graph.nodes].filter(([key, { node }]) => key === keep || (node.runs ?? []).some((run) => run.id === runId)),
  );
  const edges = new Map([...graph.edges].filter(([, edge]) => nodes.has(edge.from) && nodes.has(edge.to)));
  const frontier = new Set([...graph.frontier].filter((key) => nodes.has(key)));
  return { nodes, edges, truncated: graph.truncated, frontier };
}
