import { describe, expect, it } from "vitest";
import type { SearchHit } from "../src/api/types";
import { highlightSegments, indexLag, kindLabel, moveSelection, rankHits } from "../src/model/searchResults";

const hit = (kind: SearchHit["node"]["kind"], id: number, score: number): SearchHit => ({
  score,
  node: { id, kind, typeName: "t" },
  highlights: [],
});

describe("search results", () => {
  it("ranks hits best first whatever their kind, and says the kind", () => {
    const ranked = rankHits([[hit("CONTEXT", 1, 5), hit("ARTIFACT", 2, 1), hit("ARTIFACT", 3, 4)]]);
    expect(ranked.map((h) => h.node.id)).toEqual([1, 3, 2]);
    expect(kindLabel(ranked[0].node.kind)).toBe("Context");
  });

  it("appends later pages after the first, each node once", () => {
    const ranked = rankHits([
      [hit("EXECUTION", 7, 9), hit("ARTIFACT", 2, 3)],
      [hit("ARTIFACT", 2, 3), hit("CONTEXT", 4, 2)],
    ]);
    expect(ranked.map((h) => `${h.node.kind}${h.node.id}`)).toEqual(["EXECUTION7", "ARTIFACT2", "CONTEXT4"]);
  });

  it("moves the selection with the arrow keys and wraps", () => {
    expect(moveSelection(-1, 3, "ArrowDown")).toBe(0);
    expect(moveSelection(2, 3, "ArrowDown")).toBe(0);
    expect(moveSelection(0, 3, "ArrowUp")).toBe(2);
    expect(moveSelection(-1, 3, "ArrowUp")).toBe(2);
    expect(moveSelection(1, 3, "Tab")).toBe(1);
    expect(moveSelection(0, 0, "ArrowDown")).toBe(-1);
  });

  it("reads highlights as text, never as markup", () => {
    expect(highlightSegments("the <b>churn</b> model <b>v2</b>")).toEqual([
      { text: "the ", match: false },
      { text: "churn", match: true },
      { text: " model ", match: false },
      { text: "v2", match: true },
    ]);
    expect(highlightSegments("&lt;img src=x onerror=alert(1)&gt;")).toEqual([
      { text: "<img src=x onerror=alert(1)>", match: false },
    ]);
  });

  it("shows stored markup as the text it is, not as a match", () => {
    expect(highlightSegments("&lt;b&gt;bold&lt;&#x2F;b&gt; &amp; <b>churn</b>")).toEqual([
      { text: "<b>bold</b> & ", match: false },
      { text: "churn", match: true },
    ]);
  });

  it("tells the index lag only when there is one", () => {
    expect(indexLag(0)).toBeNull();
    expect(indexLag(2500)).toBe("2.5 s behind");
    expect(indexLag(180_000)).toBe("3 min behind");
  });
});
