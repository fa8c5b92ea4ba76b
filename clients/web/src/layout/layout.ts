import type { ElkInput } from "../model/lineageGraph";

/** Where ELK put each node and how it routed each edge. */
export interface Layout {
  width: number;
  height: number;
  nodes: Map<string, { x: number; y: number; width: number; height: number }>;
  edges: Map<string, { points: { x: number; y: number }[] }>;
}

interface ElkOutput {
  width?: number;
  height?: number;
  children?: { id: string; x?: number; y?: number; width?: number; height?: number }[];
  edges?: {
    id: string;
    sections?: {
      startPoint: { x: number; y: number };
      endPoint: { x: number; y: number };
      bendPoints?: { x: number; y: number }[];
    }[];
  }[];
}

/** ELK's answer as positions by node and edge id. */
export function readLayout(output: ElkOutput): Layout {
  const nodes = new Map<string, { x: number; y: number; width: number; height: number }>();
  for (const child of output.children ?? []) {
    nodes.set(child.id, { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 });
  }
  const edges = new Map<string, { points: { x: number; y: number }[] }>();
  for (const edge of output.edges ?? []) {
    const points = (edge.sections ?? []).flatMap((section) => [
      section.startPoint,
      ...(section.bendPoints ?? []),
      section.endPoint,
    ]);
    edges.set(edge.id, { points });
  }
  return { width: output.width ?? 0, height: output.height ?? 0, nodes, edges };
}

/** The layout worker, started on first use; answers come back in any order, matched by id. */
export class LayoutWorker {
  private worker: Worker | null = null;
  private next = 0;
  private readonly pending = new Map<number, { resolve: (l: Layout) => void; reject: (e: Error) => void }>();

  layout(graph: ElkInput): Promise<Layout> {
    if (this.worker == null) {
      this.worker = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
      this.worker.onmessage = (event: MessageEvent<{ id: number; layout?: ElkOutput; error?: string }>) => {
        const waiting = this.pending.get(event.data.id);
        this.pending.delete(event.data.id);
        if (waiting == null) {
          return;
        }
        if (event.data.layout) {
          waiting.resolve(readLayout(event.data.layout));
        } else {
          waiting.reject(new Error(`The graph could not be laid out: ${event.data.error}`));
        }
      };
    }
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.postMessage({ id, graph });
    });
  }
}
