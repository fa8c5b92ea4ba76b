import { describe, expect, it } from "vitest";
import { openingScale, READABLE_SCALE } from "../src/model/zoom";

describe("a graph's opening scale", () => {
  it("shows a small graph at 100%, never larger", () => {
    expect(openingScale(400, 200, 1200, 600)).toBe(1);
  });

  it("shrinks a graph a little to show all of it", () => {
    expect(openingScale(1500, 300, 1200, 600)).toBeCloseTo(0.8);
  });

  it("keeps text readable and scrolls a graph too big to fit", () => {
    expect(openingScale(6000, 300, 1200, 600)).toBe(READABLE_SCALE);
    expect(openingScale(800, 9000, 1200, 600)).toBe(READABLE_SCALE);
  });
});
