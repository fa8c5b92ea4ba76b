/// <reference lib="webworker" />
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkInput } from "../model/lineageGraph";

/** Lays graphs out off the page's thread: a request is {id, graph}, the answer {id, layout}. */
const elk = new ELK();

self.onmessage = async (event: MessageEvent<{ id: number; graph: ElkInput }>) => {
  const { id, graph } = event.data;
  try {
    const layout = await elk.layout(graph);
    self.postMessage({ id, layout });
  } catch (error) {
    self.postMessage({ id, error: String(error) });
  }
};
