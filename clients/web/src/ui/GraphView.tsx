import { memo } from "preact/compat";
import { useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Layout } from "../layout/layout";
import { nodeLabel, runTitle, shortType } from "../model/format";
import type { LineageGraph } from "../model/lineageGraph";
import { RUN_COLOURS, runOfNode, type RunOnGraph } from "../model/runsOnGraph";
import { openingScale } from "../model/zoom";
import { Minimap } from "./Minimap";

type Props = {
  graph: LineageGraph;
  layout: Layout;
  start: string;
  selected: string | null;
  target: string | null;
  path: { nodes: Set<string>; edges: Set<string> } | null;
  expanded: Set<string>;
  /** The runs the nodes belong to, each with its colour (none: no dots, no run legend). */
  runs?: RunOnGraph[];
  onChoose: (key: string, second: boolean) => void;
};

const NO_RUNS: RunOnGraph[] = [];
const MIN_SCALE = 0.2;
/** A graph this many times larger than the window gets a minimap; a little larger only scrolls. */
const MINIMAP_ABOVE = 1.5;
const MAX_SCALE = 2;
const MARGIN = 16;

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function runTooltip(run: RunOnGraph | null): string {
  if (run == null) {
    return "";
  }
  const named = run.run.displayName ? `${run.run.displayName} (${run.run.name})` : run.run.name;
  return `\nrun ${named}${run.run.pipeline ? ` of ${run.run.pipeline}` : ""}`;
}

/**
 * The laid-out graph as SVG: executions are boxes coloured by state, artifacts are rounded
 * pills, a dot in each the colour of its run; nodes are focusable buttons. It opens readable and
 * centred on the start node; scrolling pans; the buttons zoom, fit the whole graph, or go back to
 * 100%; a graph half again as large as the window gets a minimap.
 */
export const GraphView = memo(function GraphView(props: Props) {
  const { graph, layout, start, selected, target, path, expanded, runs = NO_RUNS, onChoose } = props;
  const [scale, setScale] = useState(1);
  const [zoomChosen, setZoomChosen] = useState(false);
  const [view, setView] = useState<{ x: number; y: number; width: number; height: number } | null>(null);
  const scroll = useRef<HTMLDivElement>(null);
  const width = layout.width + 2 * MARGIN;
  const height = layout.height + 2 * MARGIN;
  const kinds = useMemo(
    () => new Map([...graph.nodes].map(([key, { node }]) => [key, node.kind.toLowerCase()])),
    [graph],
  );
  const runOf = useMemo(
    () => new Map([...graph.nodes.keys()].map((key) => [key, runOfNode(graph, key, runs)])),
    [graph, runs],
  );

  // Until the user zooms, each new layout opens readable, centred on where the walk started: the
  // scale is chosen first, and the centring waits for the graph drawn at that scale.
  const centreAt = useRef<number | null>(null);
  useLayoutEffect(() => {
    const room = scroll.current;
    if (room == null || room.clientWidth === 0) {
      return;
    }
    const opening = zoomChosen ? scale : openingScale(width, height, room.clientWidth, room.clientHeight);
    centreAt.current = opening;
    setScale(opening);
  }, [layout]);
  useLayoutEffect(() => {
    const room = scroll.current;
    const box = layout.nodes.get(start);
    if (centreAt.current !== scale || room == null) {
      return;
    }
    centreAt.current = null;
    if (box != null) {
      centreOn(box.x + box.width / 2, box.y + box.height / 2);
    }
  }, [scale, layout]);

  // The part in view, in layout coordinates, for the minimap.
  function look() {
    const room = scroll.current;
    if (room != null) {
      setView({
        x: room.scrollLeft / scale - MARGIN,
        y: room.scrollTop / scale - MARGIN,
        width: room.clientWidth / scale,
        height: room.clientHeight / scale,
      });
    }
  }
  useLayoutEffect(look, [scale, layout]);
  function centreOn(x: number, y: number) {
    const room = scroll.current;
    if (room != null) {
      room.scrollLeft = (x + MARGIN) * scale - room.clientWidth / 2;
      room.scrollTop = (y + MARGIN) * scale - room.clientHeight / 2;
    }
  }

  function zoomTo(next: number) {
    setZoomChosen(true);
    setScale(Math.max(MIN_SCALE, Math.min(MAX_SCALE, next)));
  }
  function fit() {
    const room = scroll.current;
    if (room != null) {
      zoomTo(Math.min(1, room.clientWidth / width, room.clientHeight / height));
    }
  }
  // Scrolling re-renders the view (for the minimap); the nodes and edges are drawn again only
  // when they change.
  const drawing = useMemo(
    () => (
      <>
        {[...graph.edges.values()].map((edge) => {
          const points = layout.edges.get(edge.key)?.points ?? [];
          if (points.length < 2) {
            return null;
          }
          return (
            <path
              key={edge.key}
              class={path?.edges.has(edge.key) ? "edge on-path" : "edge"}
              d={`M${points.map((p) => `${p.x},${p.y}`).join(" L")}`}
              marker-end="url(#arrow)"
            >
              <title>
                {edge.type}
                {edge.path.length > 0 ? ` ${edge.path.join("/")}` : ""}
              </title>
            </path>
          );
        })}
        {[...graph.nodes.values()].map(({ key, node }) => {
          const box = layout.nodes.get(key);
          if (box == null) {
            return null;
          }
          const classes = [
            "node",
            node.kind === "ARTIFACT" ? "artifact" : "execution",
            node.state ? `state-${node.state.toLowerCase()}` : "",
            key === start ? "start" : "",
            key === selected ? "selected" : "",
            key === target ? "target" : "",
            path?.nodes.has(key) ? "on-path" : "",
            graph.frontier.has(key) && !expanded.has(key) ? "frontier" : "",
          ].join(" ");
          const label = nodeLabel(node);
          const run = runOf.get(key) ?? null;
          return (
            <g
              key={key}
              class={classes}
              data-key={key}
              data-run={run?.run.id}
              transform={`translate(${box.x},${box.y})`}
              tabindex={0}
              role="button"
              aria-label={`${label}, ${node.typeName}${node.state ? `, ${node.state}` : ""}`}
              onClick={(e) => onChoose(key, (e as MouseEvent).shiftKey)}
              onKeyDown={(e) => {
                if (e.key === "Enter" || e.key === " ") {
                  e.preventDefault();
                  onChoose(key, e.shiftKey);
                }
              }}
            >
              <rect width={box.width} height={box.height} rx={node.kind === "ARTIFACT" ? box.height / 2 : 4} />
              {run && <circle class={`run-dot run-colour-${run.colour}`} cx={12} cy={box.height / 2} r={4.5} />}
              <text x={box.width / 2} y={18} text-anchor="middle" class="label">
                {clip(label, 20)}
              </text>
              <text x={box.width / 2} y={34} text-anchor="middle" class="type">
                {clip(shortType(node.typeName), 24)}
              </text>
              <title>
                {label} ({node.typeName}
                {node.state ? `, ${node.state}` : ""}){node.uri ? ` ${node.uri}` : ""}
                {runTooltip(run)}
              </title>
            </g>
          );
        })}
      </>
    ),
    [graph, layout, runOf, start, selected, target, path, expanded, onChoose],
  );
  return (
    <div class="graph">
      <div class="zoom" role="group" aria-label="Zoom">
        <button type="button" onClick={() => zoomTo(scale / 1.25)} aria-label="Zoom out">
          −
        </button>
        <span>{Math.round(scale * 100)}%</span>
        <button type="button" onClick={() => zoomTo(scale * 1.25)} aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={fit} title="Show the whole graph">
          Fit
        </button>
        <button type="button" onClick={() => zoomTo(1)} title="Actual size">
          100%
        </button>
      </div>
      <div class="graph-scroll" ref={scroll} onScroll={look}>
        <svg
          id="lineage-graph"
          width={width * scale}
          height={height * scale}
          viewBox={`${-MARGIN} ${-MARGIN} ${width} ${height}`}
          role="group"
          aria-label="Lineage graph"
        >
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
              <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
            </marker>
          </defs>
          {drawing}
        </svg>
      </div>
      {view && (width > MINIMAP_ABOVE * view.width || height > MINIMAP_ABOVE * view.height) && (
        <Minimap layout={layout} kinds={kinds} view={view} margin={MARGIN} onCentre={centreOn} />
      )}
      <Legend runs={runs} />
    </div>
  );
});

/** What the shapes, borders and colours mean, and which run each colour is. */
function Legend({ runs }: { runs: RunOnGraph[] }) {
  const others = runs.filter((entry) => entry.colour === RUN_COLOURS);
  return (
    <ul class="legend" aria-label="Legend">
      <li>
        <span class="swatch execution" /> step (execution), its border its state:
      </li>
      {["complete", "cached", "running", "failed", "canceled"].map((state) => (
        <li key={state}>
          <span class={`swatch execution state-${state}`} /> {state}
        </li>
      ))}
      <li>
        <span class="swatch artifact" /> artifact
      </li>
      <li>
        <span class="swatch frontier" /> more beyond (click to expand)
      </li>
      {runs
        .filter((entry) => entry.colour < RUN_COLOURS)
        .map(({ run, nodes, colour }) => (
          <li
            key={run.id}
            class="run"
            data-run={run.id}
            title={`${run.name}${run.pipeline ? ` of ${run.pipeline}` : ""}`}
          >
            <span class={`run-dot run-colour-${colour}`} /> run {runTitle(run)}
            {run.pipeline ? ` (${run.pipeline})` : ""}: {nodes}
          </li>
        ))}
      {others.length > 0 && (
        <li class="run">
          <span class={`run-dot run-colour-${RUN_COLOURS}`} /> {others.length} other runs:{" "}
          {others.reduce((sum, entry) => sum + entry.nodes, 0)}
        </li>
      )}
    </ul>
  );
}
