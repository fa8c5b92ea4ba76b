import { contextRoles, node } from "../api/queries";
import type { EventInfo, NodeDetails, NodeKind, NodeSummary, Property } from "../api/types";
import { formatProperty, formatTime, nodeLabel } from "../model/format";
import { formatRoute } from "../model/routes";
import { client } from "./client";
import { NodeLink, StateBadge } from "./links";
import { ErrorMessage, Loading, NotFound } from "./Message";
import { useLoad } from "./useLoad";

const KIND_NAMES: Record<NodeKind, string> = {
  ARTIFACT: "Artifact",
  EXECUTION: "Execution",
  CONTEXT: "Context",
};

/** Everything stored about one node, with links to its neighbours and its lineage. */
export function NodePage({ kind, id }: { kind: NodeKind; id: number }) {
  const loaded = useLoad(() => node(client, kind, id), [kind, id]);
  const what = `${KIND_NAMES[kind]} ${id}`;
  if (loaded.status === "loading") {
    return <Loading what={what} />;
  }
  if (loaded.status === "failed" && loaded.error.code !== "NOT_FOUND") {
    return <ErrorMessage error={loaded.error} what={what} />;
  }
  if (loaded.status === "failed" || loaded.value == null) {
    return <NotFound what={what} />;
  }
  const details = loaded.value;
  return (
    <article class="node-page">
      <header class="node-header">
        <p class="kind">{KIND_NAMES[kind]}</p>
        <h1>
          {nodeLabel(details)} <StateBadge state={details.state} />
        </h1>
        {kind !== "CONTEXT" && (
          <a class="button" href={formatRoute({ page: "lineage", kind, id, depth: 1, direction: "BOTH" })}>
            Show lineage
          </a>
        )}
        {kind === "CONTEXT" && <ContextLinks context={details} />}
      </header>
      <Facts details={details} />
      <Properties title="Properties" properties={details.properties.filter((p) => !p.custom)} />
      <Properties title="Custom properties" properties={details.properties.filter((p) => p.custom)} />
      {details.events && <Events kind={kind} events={details.events} />}
      <NodeList title={kind === "CONTEXT" ? "Parent contexts" : "Contexts"} nodes={details.contexts} />
      {details.children && <NodeList title="Child contexts" nodes={details.children} />}
      {details.artifacts && (
        <NodeList title="Artifacts" nodes={details.artifacts.nodes} more={details.artifacts.pageInfo.hasNextPage} />
      )}
      {details.executions && (
        <NodeList title="Executions" nodes={details.executions.nodes} more={details.executions.pageInfo.hasNextPage} />
      )}
    </article>
  );
}

function Facts({ details }: { details: NodeDetails }) {
  const rows: [string, string][] = [
    ["Id", String(details.id)],
    ["Type", details.typeName],
    ["Name", details.name ?? ""],
    ["URI", details.uri ?? ""],
    ["External id", details.externalId ?? ""],
    ["Created", formatTime(details.createTime)],
    ["Last updated", formatTime(details.lastUpdateTime)],
  ];
  return (
    <dl class="facts">
      {rows
        .filter(([, value]) => value !== "")
        .map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd class={label === "URI" ? "uri" : undefined}>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

function Properties({ title, properties }: { title: string; properties: Property[] }) {
  if (properties.length === 0) {
    return null;
  }
  return (
    <section>
      <h2>{title}</h2>
      <table class="properties">
        <tbody>
          {properties.map((property) => (
            <tr key={property.name}>
              <th scope="row">{property.name}</th>
              <td>
                {property.valueType === "STRUCT" || property.valueType === "PROTO" ? (
                  <pre>{formatProperty(property)}</pre>
                ) : (
                  formatProperty(property)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Events({ kind, events }: { kind: NodeKind; events: EventInfo[] }) {
  if (events.length === 0) {
    return null;
  }
  return (
    <section>
      <h2>Events</h2>
      <table class="events">
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Path</th>
            <th scope="col">{kind === "ARTIFACT" ? "Execution" : "Artifact"}</th>
            <th scope="col">Time</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event, i) => (
            <tr key={i}>
              <td>{event.type}</td>
              <td>{event.path.join(" / ")}</td>
              <td>
                <NodeLink node={kind === "ARTIFACT" ? event.execution : event.artifact} />
              </td>
              <td>{formatTime(event.time)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function NodeList({ title, nodes, more }: { title: string; nodes: NodeSummary[]; more?: boolean }) {
  if (nodes.length === 0) {
    return null;
  }
  return (
    <section>
      <h2>{title}</h2>
      <ul class="node-list">
        {nodes.map((n) => (
          <li key={`${n.kind}${n.id}`}>
            <NodeLink node={n} /> <StateBadge state={n.state} />
          </li>
        ))}
      </ul>
      {more && <p class="hint">The first {nodes.length} are shown.</p>}
    </section>
  );
}

/** A run's context links to its run page; a pipeline's to the table of its runs. */
function ContextLinks({ context }: { context: NodeDetails }) {
  const roles = useLoad(() => contextRoles(client, context), [context.id]);
  if (roles.status !== "done") {
    return null;
  }
  return (
    <>
      {roles.value.run && (
        <a class="button" href={formatRoute({ page: "run", id: context.id })}>
          Run page
        </a>
      )}
      {roles.value.pipelineRuns > 0 && (context.children ?? []).length > 0 && (
        <a class="button" href={formatRoute({ page: "runs", pipeline: context.name ?? null })}>
          Runs of this pipeline ({roles.value.pipelineRuns})
        </a>
      )}
    </>
  );
}
