import { memo } from "preact/compat";
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import type { Layout } from "../layout/layout";
import { nodeLabel, shortType } from "../model/format";
import type { LineageGraph } from "../model/lineageGraph";

type Props = {
  graph: LineageGraph;
  layout: Layout;
  start: string;
  selected: string | null;
  target: string | null;
  path: { nodes: Set<string>; edges: Set<string> } | null;
  expanded: Set<string>;
  onChoose: (key: string, second: boolean) => void;
};

const ZOOMS = [0.4, 0.6, 0.8, 1, 1.25, 1.5];
const MARGIN = 16;

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/**
 * The laid-out graph as SVG: executions are boxes coloured by state, artifacts are rounded
 * pills; nodes are focusable buttons. Scrolling pans; the zoom buttons scale.
 */
export const GraphView = memo(function GraphView(props: Props) {
  const { graph, layout, start, selected, target, path, expanded, onChoose } = props;
  const [zoom, setZoom] = useState(ZOOMS.indexOf(1));
  const [zoomChosen, setZoomChosen] = useState(false);
  const scroll = useRef<HTMLDivElement>(null);
  const scale = ZOOMS[zoom];
  const width = layout.width + 2 * MARGIN;
  const height = layout.height + 2 * MARGIN;

  // Until the user zooms, each new layout is shown at the largest zoom (up to 100%) that fits.
  useLayoutEffect(() => {
    const room = scroll.current?.clientWidth ?? 0;
    if (!zoomChosen && room > 0) {
      const fits = ZOOMS.filter((z) => z <= 1 && width * z <= room);
      setZoom(ZOOMS.indexOf(fits.length > 0 ? fits[fits.length - 1] : ZOOMS[0]));
    }
  }, [layout]);

  function zoomTo(index: number) {
    setZoomChosen(true);
    setZoom(Math.max(0, Math.min(ZOOMS.length - 1, index)));
  }
  return (
    <div class="graph">
      <div class="zoom" role="group" aria-label="Zoom">
        <button type="button" onClick={() => zoomTo(zoom - 1)} aria-label="Zoom out">
          −
        </button>
        <span>{Math.round(scale * 100)}%</span>
        <button type="button" onClick={() => zoomTo(zoom + 1)} aria-label="Zoom in">
          +
        </button>
      </div>
      <div class="graph-scroll" ref={scroll}>
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
            return (
              <g
                key={key}
                class={classes}
                data-key={key}
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
                <text x={box.width / 2} y={18} text-anchor="middle" class="label">
                  {clip(label, 22)}
                </text>
                <text x={box.width / 2} y={34} text-anchor="middle" class="type">
                  {clip(shortType(node.typeName), 26)}
                </text>
                <title>
                  {label} ({node.typeName}
                  {node.state ? `, ${node.state}` : ""}){node.uri ? ` ${node.uri}` : ""}
                </title>
              </g>
            );
          })}
        </svg>
      </div>
    </div>
  );
});
