import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError } from "../api/graphql";
import { lineage, type Direction } from "../api/queries";
import { LayoutWorker, type Layout } from "../layout/layout";
import { EMPTY_GRAPH, mergeLineage, nodeKey, shortestPath, toElk, type LineageGraph } from "../model/lineageGraph";
import { nodeLabel, runTitle } from "../model/format";
import { narrowToRun, runOfNode, runsOnGraph } from "../model/runsOnGraph";
import { formatRoute, MAX_DEPTH } from "../model/routes";
import { client } from "./client";
import { GraphView } from "./GraphView";
import { NodeLink, StateBadge } from "./links";
import { ErrorMessage, Loading, NotFound } from "./Message";

/** Most nodes one walk returns; the page stays responsive well past this many. */
const WALK_LIMIT = 500;
const layoutWorker = new LayoutWorker();

type Props = {
  kind: "ARTIFACT" | "EXECUTION";
  id: number;
  depth: number;
  direction: Direction;
  /** Draw only this run's nodes (its context id), or all. */
  onlyRun: number | null;
};

/**
 * The lineage around one node: a walk of `depth` hops, laid out left to right as data flows.
 * Clicking a node expands it (its neighbours are added) and selects it; shift-click selects a
 * second node and highlights the path between the two. Each node carries its run's colour; the
 * graph can be narrowed to the selected node's run.
 */
export function LineagePage({ kind, id, depth, direction, onlyRun }: Props) {
  const [graph, setGraph] = useState<LineageGraph>(EMPTY_GRAPH);
  const [layout, setLayout] = useState<Layout | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(true);
  const [missing, setMissing] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const generation = useRef(0);
  const start = nodeKey(kind, id);

  useEffect(() => {
    const mine = ++generation.current;
    // The previous node's graph goes at once, not when the new layout is ready.
    setGraph(EMPTY_GRAPH);
    setLayout(null);
    setMissing(false);
    setBusy(true);
    setError(null);
    setSelected(start);
    setTarget(null);
    setExpanded(new Set([start]));
    lineage(client, [{ kind, id }], direction, depth, WALK_LIMIT).then(
      (answer) => {
        if (mine !== generation.current) {
          return;
        }
        const walked = mergeLineage(EMPTY_GRAPH, answer, []);
        if (walked.nodes.has(start)) {
          setGraph(walked);
        } else {
          // No such node (or none this user may see): the walk starts nowhere.
          setMissing(true);
          setBusy(false);
        }
      },
      (e: ApiError) => {
        if (mine === generation.current) {
          setError(e);
          setBusy(false);
        }
      },
    );
  }, [kind, id, depth, direction]);

  // Colours follow the whole walk, so narrowing to one run keeps every node's colour.
  const runs = useMemo(() => runsOnGraph(graph, start), [graph, start]);
  const shown = useMemo(() => (onlyRun == null ? graph : narrowToRun(graph, onlyRun, start)), [graph, onlyRun, start]);

  useEffect(() => {
    if (shown.nodes.size === 0) {
      return;
    }
    const mine = generation.current;
    setBusy(true);
    const started = performance.now();
    layoutWorker.layout(toElk(shown)).then(
      (laidOut) => {
        // For the browser tests' record of how long layouts take (User Timing, no display).
        performance.measure("mnemos-layout", { start: started, detail: { nodes: shown.nodes.size } });
        if (mine === generation.current) {
          setLayout(laidOut);
          setBusy(false);
        }
      },
      (e: Error) => {
        setError(new ApiError(e.message, "LAYOUT"));
        setBusy(false);
      },
    );
  }, [shown]);

  const path = useMemo(
    () => (selected && target ? shortestPath(shown, selected, target) : null),
    [shown, selected, target],
  );

  function expand(key: string) {
    const found = graph.nodes.get(key);
    if (found == null || expanded.has(key)) {
      return;
    }
    const mine = generation.current;
    setBusy(true);
    setExpanded(new Set([...expanded, key]));
    lineage(client, [{ kind: found.node.kind, id: found.node.id }], "BOTH", 1, WALK_LIMIT).then(
      (answer) => mine === generation.current && setGraph((current) => mergeLineage(current, answer, [key])),
      (e: ApiError) => {
        setError(e);
        setBusy(false);
      },
    );
  }

  function choose(key: string, second: boolean) {
    if (second && selected && key !== selected) {
      setTarget(key);
      return;
    }
    setSelected(key);
    setTarget(null);
    expand(key);
  }

  function go(change: Partial<Props>) {
    const next = { kind, id, depth, direction, onlyRun, ...change };
    location.hash = formatRoute({ page: "lineage", ...next, onlyRun: next.onlyRun ?? undefined });
  }

  // The run "only this run" narrows to: the one chosen, else the selected node's.
  const narrowed = onlyRun == null ? null : (runs.find((entry) => entry.run.id === onlyRun) ?? null);
  const offered = narrowed ?? runOfNode(graph, selected ?? start, runs);
  const chosen = selected ? graph.nodes.get(selected) : undefined;
  const second = target ? graph.nodes.get(target) : undefined;
  const origin = graph.nodes.get(start);
  return (
    <section class="lineage-page">
      <h1>
        Lineage of{" "}
        {origin ? (
          <a href={formatRoute({ page: "node", kind, id })}>{nodeLabel(origin.node)}</a>
        ) : (
          `${kind.toLowerCase()} ${id}`
        )}
      </h1>
      <div class="toolbar" role="toolbar" aria-label="Lineage controls">
        <label>
          Depth{" "}
          <select
            id="lineage-depth"
            value={depth}
            onChange={(e) => go({ depth: Number((e.target as HTMLSelectElement).value) })}
          >
            {Array.from({ length: MAX_DEPTH }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n} hop{n === 1 ? "" : "s"}
              </option>
            ))}
          </select>
        </label>
        <fieldset class="direction">
          <legend>Direction</legend>
          {(["UPSTREAM", "BOTH", "DOWNSTREAM"] as Direction[]).map((d) => (
            <label key={d}>
              <input
                type="radio"
                name="direction"
                value={d}
                checked={direction === d}
                onChange={() => go({ direction: d })}
              />
              {d === "UPSTREAM" ? "Where it came from" : d === "DOWNSTREAM" ? "What came of it" : "Both"}
            </label>
          ))}
        </fieldset>
        {(offered || onlyRun != null) && (
          <label
            title={offered ? `${offered.run.name}${offered.run.pipeline ? ` of ${offered.run.pipeline}` : ""}` : ""}
          >
            <input
              type="checkbox"
              id="lineage-only-run"
              checked={onlyRun != null}
              onChange={() => go({ onlyRun: onlyRun == null && offered ? offered.run.id : null })}
            />{" "}
            Only run {offered ? runTitle(offered.run) : onlyRun}
          </label>
        )}
        <span class="counts" id="lineage-counts">
          {shown.nodes.size} nodes, {shown.edges.size} events
          {shown !== graph ? ` (of ${graph.nodes.size} walked)` : ""}
        </span>
        {busy && <span class="busy">Working…</span>}
      </div>
      {graph.truncated && (
        <div class="message warning" role="status" id="lineage-truncated">
          The walk stopped at {WALK_LIMIT} nodes: there is more lineage than is shown. Click a node to expand it, or
          lower the depth.
        </div>
      )}
      {error && <ErrorMessage error={error} what="the lineage" />}
      {missing && <NotFound what={`${kind === "ARTIFACT" ? "Artifact" : "Execution"} ${id}`} />}
      {!error && !missing && layout == null && <Loading what="the lineage" />}
      <div class="lineage-body">
        {layout == null && <div class="graph" aria-busy="true" />}
        {layout && (
          <GraphView
            graph={shown}
            layout={layout}
            start={start}
            selected={selected}
            target={target}
            path={path}
            expanded={expanded}
            runs={runs}
            onChoose={choose}
          />
        )}
        <aside class="details" aria-live="polite">
          {chosen ? (
            <>
              <h2>Selected</h2>
              <p>
                <NodeLink node={chosen.node} /> <StateBadge state={chosen.node.state} />
              </p>
              {chosen.node.uri && <p class="uri">{chosen.node.uri}</p>}
              {second && (
                <>
                  <h2>Path to</h2>
                  <p>
                    <NodeLink node={second.node} />
                  </p>
                  <p>
                    {path
                      ? `${path.edges.size} event${path.edges.size === 1 ? "" : "s"} apart`
                      : "Not connected on this graph"}
                  </p>
                </>
              )}
            </>
          ) : (
            <p>Select a node.</p>
          )}
          <p class="hint">
            Click or press Enter on a node to expand it; Shift-click or Shift+Enter on a second node highlights the path
            between the two.
          </p>
        </aside>
      </div>
    </section>
  );
}
