/**
 * How long ELK takes to lay out 500-node lineage graphs with the page's options, against the
 * options the page used before #17 (splines and ELK's default node placement at every size),
 * measured side by side in one run: `npx vitest bench --run` prints each shape's ratio.
 */
import ELK from "elkjs/lib/elk.bundled.js";
import { bench, describe } from "vitest";
import type { LineageAnswer, NodeSummary } from "../src/api/types";
import { EMPTY_GRAPH, mergeLineage, toElk, type LineageGraph } from "../src/model/lineageGraph";

const elk = new ELK();

const artifact = (id: number): NodeSummary => ({ id, kind: "ARTIFACT", typeName: "system.Dataset" });
const execution = (id: number): NodeSummary => ({ id, kind: "EXECUTION", typeName: "system.ContainerExecution" });

/** A dataset read by 166 steps that write two artifacts each: the census fan-out, 499 nodes. */
function fanOut(): LineageGraph {
  const answer: LineageAnswer = { artifacts: [artifact(1)], executions: [], edges: [], truncated: false, frontier: [] };
  for (let step = 0; step < 166; step++) {
    const id = 1000 + step;
    answer.executions.push(execution(id));
    answer.edges.push({ type: "INPUT", path: [], artifact: { id: 1 }, execution: { id } });
    for (const output of [2 * step + 2, 2 * step + 3]) {
      answer.artifacts.push(artifact(output));
      answer.edges.push({ type: "OUTPUT", path: [], artifact: { id: output }, execution: { id } });
    }
  }
  return mergeLineage(EMPTY_GRAPH, answer);
}

/** 50 runs of a five-step chain (each step reads the last one's output) from one dataset: 501 nodes. */
function chains(): LineageGraph {
  const answer: LineageAnswer = { artifacts: [artifact(1)], executions: [], edges: [], truncated: false, frontier: [] };
  let next = 2;
  for (let run = 0; run < 50; run++) {
    let input = 1;
    for (let step = 0; step < 5; step++) {
      const id = 10_000 + run * 10 + step;
      const output = next++;
      answer.executions.push(execution(id));
      answer.artifacts.push(artifact(output));
      answer.edges.push({ type: "INPUT", path: [], artifact: { id: input }, execution: { id } });
      answer.edges.push({ type: "OUTPUT", path: [], artifact: { id: output }, execution: { id } });
      input = output;
    }
  }
  return mergeLineage(EMPTY_GRAPH, answer);
}

/** The page's options before #17: splines and ELK's default placement whatever the size. */
function reference(graph: LineageGraph) {
  const input = toElk(graph);
  const options: Record<string, string> = { ...input.layoutOptions, "elk.edgeRouting": "SPLINES" };
  delete options["elk.layered.nodePlacement.strategy"];
  return { ...input, layoutOptions: options };
}

for (const [shape, graph] of [
  ["fan-out", fanOut()],
  ["chains", chains()],
] as const) {
  describe(`${shape}: ${graph.nodes.size} nodes`, () => {
    bench("the page's options", async () => {
      await elk.layout(toElk(graph));
    });
    bench("reference: splines, default placement", async () => {
      await elk.layout(reference(graph));
    });
  });
}
