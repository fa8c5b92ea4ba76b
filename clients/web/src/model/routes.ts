import type { NodeKind } from "../api/types";
import type { Direction } from "../api/queries";

/** Every page has an address in the URL's fragment, so any view can be linked to and reloaded. */
export type Route =
  | { page: "home"; query: string }
  | { page: "node"; kind: NodeKind; id: number }
  | {
      page: "lineage";
      kind: "ARTIFACT" | "EXECUTION";
      id: number;
      depth: number;
      direction: Direction;
      /** Only the nodes of this run (a run context's id) are drawn. */
      onlyRun?: number;
    }
  | {
      page: "runs";
      pipeline: string | null;
      /** The table as the user left it: state, metric and parameter filter texts, sort and order. */
      state?: string;
      metrics?: string;
      parameters?: string;
      /** Column keys the user hid, comma-separated. */
      hidden?: string;
      sort?: string;
      ascending?: boolean;
    }
  | { page: "run"; id: number }
  | { page: "compare"; runIds: number[] }
  | { page: "unknown"; hash: string };

const KINDS: Record<string, NodeKind> = {
  artifact: "ARTIFACT",
  execution: "EXECUTION",
  context: "CONTEXT",
};

const DIRECTIONS: Direction[] = ["UPSTREAM", "DOWNSTREAM", "BOTH"];
export const DEFAULT_DEPTH = 1;
export const MAX_DEPTH = 10;

function positiveInt(text: string | null | undefined): number | null {
  if (text == null || !/^\d+$/.test(text)) {
    return null;
  }
  const value = Number(text);
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

/** Reads a location fragment such as `#/lineage/artifact/5?depth=2&direction=UPSTREAM`. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, "");
  const [path, queryString = ""] = raw.split("?", 2);
  const params = new URLSearchParams(queryString);
  const parts = path.split("/").filter((part) => part.length > 0);
  if (parts.length === 0) {
    return { page: "home", query: params.get("q") ?? "" };
  }
  const [head, ...rest] = parts;
  if (head in KINDS && rest.length === 1) {
    const id = positiveInt(rest[0]);
    if (id != null) {
      return { page: "node", kind: KINDS[head], id };
    }
  }
  if (head === "lineage" && rest.length === 2 && (rest[0] === "artifact" || rest[0] === "execution")) {
    const id = positiveInt(rest[1]);
    if (id != null) {
      const depth = Math.min(positiveInt(params.get("depth")) ?? DEFAULT_DEPTH, MAX_DEPTH);
      const direction = DIRECTIONS.find((d) => d === params.get("direction")) ?? "BOTH";
      const onlyRun = positiveInt(params.get("run")) ?? undefined;
      const kind = KINDS[rest[0]] as "ARTIFACT" | "EXECUTION";
      return { page: "lineage", kind, id, depth, direction, ...(onlyRun ? { onlyRun } : {}) };
    }
  }
  if (head === "run" && rest.length === 1) {
    const id = positiveInt(rest[0]);
    if (id != null) {
      return { page: "run", id };
    }
  }
  if (head === "runs" && rest.length === 0) {
    const route: Route = { page: "runs", pipeline: params.get("pipeline") };
    for (const name of ["state", "metrics", "parameters", "sort", "hidden"] as const) {
      const value = params.get(name);
      if (value) {
        route[name] = value;
      }
    }
    const order = params.get("order");
    if (order === "asc" || order === "desc") {
      route.ascending = order === "asc";
    }
    return route;
  }
  if (head === "compare" && rest.length === 0) {
    const ids = (params.get("runs") ?? "")
      .split(",")
      .map((id) => positiveInt(id))
      .filter((id): id is number => id != null);
    return { page: "compare", runIds: ids };
  }
  return { page: "unknown", hash: raw };
}

/** The fragment of a route; `parseRoute(formatRoute(r))` gives `r` back. */
export function formatRoute(route: Route): string {
  switch (route.page) {
    case "home":
      return route.query ? `#/?q=${encodeURIComponent(route.query)}` : "#/";
    case "node":
      return `#/${route.kind.toLowerCase()}/${route.id}`;
    case "lineage":
      return (
        `#/lineage/${route.kind.toLowerCase()}/${route.id}?depth=${route.depth}&direction=${route.direction}` +
        (route.onlyRun ? `&run=${route.onlyRun}` : "")
      );
    case "runs": {
      const params = new URLSearchParams();
      for (const [name, value] of [
        ["pipeline", route.pipeline],
        ["state", route.state],
        ["metrics", route.metrics],
        ["parameters", route.parameters],
        ["hidden", route.hidden],
        ["sort", route.sort],
      ] as const) {
        if (value) {
          params.set(name, value);
        }
      }
      if (route.ascending != null) {
        params.set("order", route.ascending ? "asc" : "desc");
      }
      const query = params.toString();
      return query ? `#/runs?${query}` : "#/runs";
    }
    case "run":
      return `#/run/${route.id}`;
    case "compare":
      return `#/compare?runs=${route.runIds.join(",")}`;
    case "unknown":
      return `#${route.hash}`;
  }
}

export function nodeHref(kind: NodeKind, id: number): string {
  return formatRoute({ page: "node", kind, id });
}
