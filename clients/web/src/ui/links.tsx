import type { NodeSummary } from "../api/types";
import { nodeLabel, shortType } from "../model/format";
import { nodeHref } from "../model/routes";

/** A link to a node's page, named as the graph names it, with its type. */
export function NodeLink({ node }: { node: NodeSummary }) {
  return (
    <a href={nodeHref(node.kind, node.id)} class={`node-link ${node.kind.toLowerCase()}`}>
      {nodeLabel(node)}
      <span class="type">{shortType(node.typeName)}</span>
    </a>
  );
}

/** An execution's state or an artifact's state, coloured the same everywhere. */
export function StateBadge({ state }: { state?: string | null }) {
  if (!state) {
    return null;
  }
  return <span class={`state state-${state.toLowerCase()}`}>{state}</span>;
}
