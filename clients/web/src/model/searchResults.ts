import type { NodeKind, SearchHit } from "../api/types";

const KIND_LABELS: Record<NodeKind, string> = {
  ARTIFACT: "Artifact",
  EXECUTION: "Execution",
  CONTEXT: "Context",
};

/** What each hit is, as the page says it beside its name. */
export function kindLabel(kind: NodeKind): string {
  return KIND_LABELS[kind];
}

/**
 * The hits best first whatever their kind (an exact pipeline or run name above a loosely matching
 * artifact), pages appended in the order they came, each node once.
 */
export function rankHits(pages: SearchHit[][]): SearchHit[] {
  const seen = new Set<string>();
  const ranked: SearchHit[] = [];
  for (const page of pages) {
    for (const hit of [...page].sort((a, b) => b.score - a.score)) {
      const key = `${hit.node.kind}${hit.node.id}`;
      if (!seen.has(key)) {
        seen.add(key);
        ranked.push(hit);
      }
    }
  }
  return ranked;
}

/** The selection after a key press: ArrowDown and ArrowUp move and wrap; -1 is "none". */
export function moveSelection(selected: number, count: number, key: string): number {
  if (count === 0) {
    return -1;
  }
  if (key === "ArrowDown") {
    return selected < 0 ? 0 : (selected + 1) % count;
  }
  if (key === "ArrowUp") {
    return selected <= 0 ? count - 1 : selected - 1;
  }
  return selected;
}

export interface Segment {
  text: string;
  match: boolean;
}

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#x27;": "'",
  "&#x2F;": "/",
};

/** The text the server escaped, back as it was stored. */
function unescapeHtml(text: string): string {
  return text.replace(/&amp;|&lt;|&gt;|&quot;|&#x27;|&#x2F;/g, (entity) => ENTITIES[entity]);
}

/**
 * A highlight fragment as plain segments: the server HTML-escapes the stored text and wraps
 * matched words in `<b></b>`, so a `<b>` the text itself holds arrives as `&lt;b&gt;` and is no
 * mark. Segments are text, never given to the page as HTML.
 */
export function highlightSegments(fragment: string): Segment[] {
  const segments: Segment[] = [];
  const pattern = /<b>(.*?)<\/b>/gs;
  let last = 0;
  for (let match = pattern.exec(fragment); match != null; match = pattern.exec(fragment)) {
    if (match.index > last) {
      segments.push({ text: unescapeHtml(fragment.slice(last, match.index)), match: false });
    }
    segments.push({ text: unescapeHtml(match[1]), match: true });
    last = match.index + match[0].length;
  }
  if (last < fragment.length) {
    segments.push({ text: unescapeHtml(fragment.slice(last)), match: false });
  }
  return segments;
}

/** "2.5 s behind" when the search index has not caught up with every write, else null. */
export function indexLag(lagMillis: number): string | null {
  if (lagMillis <= 0) {
    return null;
  }
  return lagMillis < 60_000
    ? `${(lagMillis / 1000).toFixed(1)} s behind`
    : `${Math.round(lagMillis / 60_000)} min behind`;
}
