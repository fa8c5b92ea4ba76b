import type { LineageAnswer, NodeKind, NodeSummary } from "../api/types";

/** An artifact or execution on the lineage graph; `key` is unique across both kinds. */
export interface GraphNode {
  key: string;
  node: NodeSummary;
}

/** An event drawn in the direction data flows: artifact → execution for inputs, else back. */
export interface GraphEdge {
  key: string;
  from: string;
  to: string;
  type: string;
  path: string[];
}

/** What the page shows: the nodes and events of every walk so far, merged. */
export interface LineageGraph {
  nodes: ReadonlyMap<string, GraphNode>;
  edges: ReadonlyMap<string, GraphEdge>;
  /** Some walk stopped at its node limit: there is more than is shown. */
  truncated: boolean;
  /** Nodes whose neighbours have not been walked yet. */
  frontier: ReadonlySet<string>;
}

export const EMPTY_GRAPH: LineageGraph = {
  nodes: new Map(),
  edges: new Map(),
  truncated: false,
  frontier: new Set(),
};

export function nodeKey(kind: NodeKind, id: number): string {
  return (kind === "ARTIFACT" ? "a" : kind === "EXECUTION" ? "e" : "c") + id;
}

const INPUT_EVENTS = new Set(["INPUT", "DECLARED_INPUT", "INTERNAL_INPUT"]);

/**
 * The graph with the nodes and events of another walk added. The frontier gains the new walk's
 * frontier and loses the nodes that walk went on from, and `expanded` (where it started).
 */
export function mergeLineage(graph: LineageGraph, answer: LineageAnswer, expanded: string[] = []): LineageGraph {
  const nodes = new Map(graph.nodes);
  for (const node of [...answer.artifacts, ...answer.executions]) {
    const key = nodeKey(node.kind, node.id);
    nodes.set(key, { key, node });
  }
  const edges = new Map(graph.edges);
  for (const edge of answer.edges) {
    const artifact = nodeKey("ARTIFACT", edge.artifact.id);
    const execution = nodeKey("EXECUTION", edge.execution.id);
    if (!nodes.has(artifact) || !nodes.has(execution)) {
      continue;
    }
    const input = INPUT_EVENTS.has(edge.type);
    const key = `${artifact}-${execution}-${edge.type}`;
    edges.set(key, {
      key,
      from: input ? artifact : execution,
      to: input ? execution : artifact,
      type: edge.type,
      path: edge.path,
    });
  }
  const answerFrontier = new Set(answer.frontier.map((ref) => nodeKey(ref.kind, ref.id)));
  const walked = new Set(
    [...answer.artifacts, ...answer.executions]
      .map((n) => nodeKey(n.kind, n.id))
      .filter((key) => !answerFrontier.has(key)),
  );
  const frontier = new Set<string>();
  for (const key of [...graph.frontier, ...answerFrontier]) {
    if (!expanded.includes(key) && !walked.has(key)) {
      frontier.add(key);
    }
  }
  return { nodes, edges, truncated: graph.truncated || answer.truncated, frontier };
}

/** The nodes and edges of a shortest path between two nodes, following events either way. */
export function shortestPath(
  graph: LineageGraph,
  from: string,
  to: string,
): { nodes: Set<string>; edges: Set<string> } | null {
  if (!graph.nodes.has(from) || !graph.nodes.has(to)) {
    return null;
  }
  const neighbours = new Map<string, { node: string; edge: string }[]>();
  for (const edge of graph.edges.values()) {
    (neighbours.get(edge.from) ?? neighbours.set(edge.from, []).get(edge.from)!).push({
      node: edge.to,
      edge: edge.key,
    });
    (neighbours.get(edge.to) ?? neighbours.set(edge.to, []).get(edge.to)!).push({ node: edge.from, edge: edge.key });
  }
  const cameFrom = new Map<string, { node: string; edge: string } | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (current === to) {
      break;
    }
    for (const next of neighbours.get(current) ?? []) {
      if (!cameFrom.has(next.node)) {
        cameFrom.set(next.node, { node: current, edge: next.edge });
        queue.push(next.node);
      }
    }
  }
  if (!cameFrom.has(to)) {
    return null;
  }
  const nodes = new Set<string>([to]);
  const edges = new Set<string>();
  for (let step = cameFrom.get(to); step != null; step = cameFrom.get(step.node)) {
    nodes.add(step.node);
    edges.add(step.edge);
  }
  return { nodes, edges };
}

/** Box sizes the page draws nodes with; the layout needs them. */
export const NODE_WIDTH = 168;
export const NODE_HEIGHT = 44;

/** The graph as ELK's input: layered, left to right, in the direction data flows. */
export interface ElkInput {
  id: string;
  layoutOptions: Record<string, string>;
  children: { id: string; width: number; height: number }[];
  edges: { id: string; sources: string[]; targets: string[] }[];
}

/** Above this many nodes, straight-segment edges and a simpler placement keep layouts fast. */
export const LARGE_GRAPH = 150;

export function toElk(graph: LineageGraph): ElkInput {
  const large = graph.nodes.size > LARGE_GRAPH;
  return {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      // Splines read best but cost most: in elkjs a 500-node fan-out lays out about twice as fast
      // with polylines and Brandes-Köpf placement.
      "elk.edgeRouting": large ? "POLYLINE" : "SPLINES",
      ...(large ? { "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF" } : {}),
      "elk.layered.spacing.nodeNodeBetweenLayers": "56",
      "elk.spacing.nodeNode": "20",
    },
    children: [...graph.nodes.keys()].sort().map((id) => ({ id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: [...graph.edges.values()]
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((edge) => ({ id: edge.key, sources: [edge.from], targets: [edge.to] })),
  };
}
