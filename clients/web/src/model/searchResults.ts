import type { NodeKind, SearchHit } from "../api/types";

export interface HitGroup {
  kind: NodeKind;
  title: string;
  hits: SearchHit[];
}

const ORDER: { kind: NodeKind; title: string }[] = [
  { kind: "ARTIFACT", title: "Artifacts" },
  { kind: "EXECUTION", title: "Executions" },
  { kind: "CONTEXT", title: "Contexts" },
];

/** Hits grouped by kind, artifacts first, each group in score order; empty groups left out. */
export function groupHits(hits: SearchHit[]): HitGroup[] {
  return ORDER.map(({ kind, title }) => ({
    kind,
    title,
    hits: hits.filter((hit) => hit.node.kind === kind).sort((a, b) => b.score - a.score),
  })).filter((group) => group.hits.length > 0);
}

/** The hits in the order the page lists them, for moving through them with the arrow keys. */
export function listedOrder(groups: HitGroup[]): SearchHit[] {
  return groups.flatMap((group) => group.hits);
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
