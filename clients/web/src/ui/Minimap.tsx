import type { Layout } from "../layout/layout";

/** The minimap's largest size on screen, in pixels. */
const MAX_WIDTH = 200;
const MAX_HEIGHT = 140;

type Props = {
  layout: Layout;
  /** Node keys with the class each is drawn with (artifact or execution). */
  kinds: Map<string, string>;
  /** The part of the graph in view, in layout coordinates. */
  view: { x: number; y: number; width: number; height: number };
  margin: number;
  /** Asks for the view to be centred on a point of the layout. */
  onCentre: (x: number, y: number) => void;
};

/**
 * The whole graph in miniature with the part in view outlined: for graphs well beyond the window,
 * where scrolling alone loses the reader. Clicking or dragging on it moves the view there.
 */
export function Minimap({ layout, kinds, view, margin, onCentre }: Props) {
  const width = layout.width + 2 * margin;
  const height = layout.height + 2 * margin;
  const scale = Math.min(MAX_WIDTH / width, MAX_HEIGHT / height);

  function centre(event: PointerEvent) {
    const box = (event.currentTarget as SVGSVGElement).getBoundingClientRect();
    onCentre((event.clientX - box.left) / scale - margin, (event.clientY - box.top) / scale - margin);
  }
  return (
    <svg
      class="minimap"
      id="lineage-minimap"
      width={width * scale}
      height={height * scale}
      viewBox={`${-margin} ${-margin} ${width} ${height}`}
      aria-label="Overview of the whole graph: click to move the view"
      onPointerDown={(e) => {
        (e.currentTarget as SVGSVGElement).setPointerCapture(e.pointerId);
        centre(e);
      }}
      onPointerMove={(e) => e.buttons === 1 && centre(e)}
    >
      {[...layout.nodes].map(([key, box]) => (
        <rect key={key} class={kinds.get(key)} x={box.x} y={box.y} width={box.width} height={box.height} />
      ))}
      <rect class="in-view" x={view.x} y={view.y} width={view.width} height={view.height} />
    </svg>
  );
}
