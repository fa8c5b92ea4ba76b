import { describe, expect, it } from "vitest";
import { formatRoute, parseRoute, type Route } from "../src/model/routes";

describe("routes", () => {
  it("reads every page's address", () => {
    expect(parseRoute("")).toEqual({ page: "home", query: "" });
    expect(parseRoute("#/?q=type%3AModel")).toEqual({ page: "home", query: "type:Model" });
    expect(parseRoute("#/artifact/12")).toEqual({ page: "node", kind: "ARTIFACT", id: 12 });
    expect(parseRoute("#/context/3")).toEqual({ page: "node", kind: "CONTEXT", id: 3 });
    expect(parseRoute("#/lineage/execution/7?depth=3&direction=UPSTREAM")).toEqual({
      page: "lineage",
      kind: "EXECUTION",
      id: 7,
      depth: 3,
      direction: "UPSTREAM",
    });
    expect(parseRoute("#/runs?pipeline=churn")).toEqual({ page: "runs", pipeline: "churn" });
    expect(parseRoute("#/compare?runs=4,9")).toEqual({ page: "compare", runIds: [4, 9] });
    expect(parseRoute("#/run/12")).toEqual({ page: "run", id: 12 });
    expect(parseRoute("#/run/x")).toEqual({ page: "unknown", hash: "/run/x" });
  });

  it("falls back to safe defaults and refuses what is not an id", () => {
    expect(parseRoute("#/lineage/artifact/5")).toMatchObject({ depth: 1, direction: "BOTH" });
    expect(parseRoute("#/lineage/artifact/5?depth=99&direction=SIDEWAYS")).toMatchObject({
      depth: 10,
      direction: "BOTH",
    });
    expect(parseRoute("#/artifact/abc").page).toBe("unknown");
    expect(parseRoute("#/artifact/0").page).toBe("unknown");
    expect(parseRoute("#/lineage/context/5").page).toBe("unknown");
    expect(parseRoute("#/compare?runs=1,x,3")).toEqual({ page: "compare", runIds: [1, 3] });
  });

  it("writes addresses that read back as the same route", () => {
    const routes: Route[] = [
      { page: "home", query: "" },
      { page: "home", query: "uri:churn model" },
      { page: "node", kind: "EXECUTION", id: 42 },
      { page: "lineage", kind: "ARTIFACT", id: 5, depth: 2, direction: "DOWNSTREAM" },
      { page: "lineage", kind: "EXECUTION", id: 5, depth: 1, direction: "BOTH", onlyRun: 12 },
      { page: "runs", pipeline: null },
      { page: "runs", pipeline: "churn & co" },
      {
        page: "runs",
        pipeline: "churn",
        state: "FAILED",
        metrics: "val_loss < 0.2, accuracy >= 0.9",
        parameters: 'feature_set = "v2, final"',
        hidden: "metric:train.loss,parameter:label",
        sort: "metric:val_loss",
        ascending: true,
      },
      { page: "compare", runIds: [1, 2, 3] },
      { page: "run", id: 7 },
    ];
    for (const route of routes) {
      expect(parseRoute(formatRoute(route))).toEqual(route);
    }
  });
});
