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

/**
 * A highlight fragment as plain segments: the server wraps matched words in `<b></b>`; nothing
 * else in the fragment is markup, so it is never given to the page as HTML.
 */
export function highlightSegments(fragment: string): Segment[] {
  const segments: Segment[] = [];
  const pattern = /<b>(.*?)<\/b>/gs;
  let last = 0;
  for (let match = pattern.exec(fragment); match != null; match = pattern.exec(fragment)) {
    if (match.index > last) {
      segments.push({ text: fragment.slice(last, match.index), match: false });
    }
    segments.push({ text: match[1], match: true });
    last = match.index + match[0].length;
  }
  if (last < fragment.length) {
    segments.push({ text: fragment.slice(last), match: false });
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
