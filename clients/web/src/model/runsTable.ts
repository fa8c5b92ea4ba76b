import type { Run } from "../api/types";
import { formatJson } from "./format";

/** A column of the runs table; metrics and parameters get one each. */
export type Column =
  | { kind: "name" }
  | { kind: "state" }
  | { kind: "start" }
  | { kind: "duration" }
  | { kind: "parameter"; name: string }
  | { kind: "metric"; name: string };

export interface Sort {
  column: Column;
  ascending: boolean;
}

export function columnKey(column: Column): string {
  return column.kind === "parameter" || column.kind === "metric" ? `${column.kind}:${column.name}` : column.kind;
}

/** The column a key names (as {@link columnKey} writes it), or null for none. */
export function columnOfKey(key: string): Column | null {
  const [kind, ...rest] = key.split(":");
  const name = rest.join(":");
  if ((kind === "parameter" || kind === "metric") && name) {
    return { kind, name };
  }
  return kind === "name" || kind === "state" || kind === "start" || kind === "duration" ? { kind } : null;
}

/**
 * Every parameter and metric of the runs, each list sorted. A metric is named as the server names
 * it: by name alone, or as `step.name` where a run records the name from two steps (a training and
 * an evaluation loss stay two columns).
 */
export function columnsOf(runs: Run[]): { parameters: string[]; metrics: string[] } {
  const parameters = new Set<string>();
  const metrics = new Set<string>();
  const shared = namesFromSeveralSteps(runs);
  for (const run of runs) {
    run.parameters.forEach((p) => parameters.add(p.name));
    run.metrics.forEach((m) => metrics.add(shared.has(m.name) ? m.qualifiedName : m.name));
  }
  return { parameters: [...parameters].sort(), metrics: [...metrics].sort() };
}

/** Metric names that some run records from more than one step. */
function namesFromSeveralSteps(runs: Run[]): Set<string> {
  const shared = new Set<string>();
  for (const run of runs) {
    const steps = new Map<string, string>();
    for (const metric of run.metrics) {
      const step = metric.step ?? "";
      const seen = steps.get(metric.name);
      if (seen !== undefined && seen !== step) {
        shared.add(metric.name);
      }
      steps.set(metric.name, step);
    }
  }
  return shared;
}

/**
 * A run's value of a metric (named by name or `step.name`): its best, when several executions
 * recorded it (the lowest for a metric that is better low), as the server sorts.
 */
export function metricValue(run: Run, name: string): number | null {
  let best: number | null = null;
  for (const metric of run.metrics) {
    if (metric.name !== name && metric.qualifiedName !== name) {
      continue;
    }
    const better = metric.lowerIsBetter ? metric.value < (best ?? Infinity) : metric.value > (best ?? -Infinity);
    if (best == null || better) {
      best = metric.value;
    }
  }
  return best;
}

/** Whether the runs' metric of that name (or `step.name`) is better low, as the server says. */
export function lowerIsBetter(runs: Run[], name: string): boolean {
  return runs.some((run) => run.metrics.some((m) => (m.name === name || m.qualifiedName === name) && m.lowerIsBetter));
}

export function parameterValue(run: Run, name: string): unknown {
  return run.parameters.find((p) => p.name === name)?.value;
}

function sortValue(run: Run, column: Column): number | string | null {
  switch (column.kind) {
    case "name":
      return run.name;
    case "state":
      return run.state;
    case "start":
      return run.startTime;
    case "duration":
      return run.durationMillis ?? null;
    case "metric":
      return metricValue(run, column.name);
    case "parameter": {
      const parameter = run.parameters.find((p) => p.name === column.name);
      if (parameter == null) {
        return null;
      }
      return parameter.number ?? formatJson(parameter.value);
    }
  }
}

/** The runs in the column's order; runs without a value come last either way. */
export function sortRuns(runs: Run[], sort: Sort): Run[] {
  const direction = sort.ascending ? 1 : -1;
  return [...runs].sort((a, b) => {
    const left = sortValue(a, sort.column);
    const right = sortValue(b, sort.column);
    if (left == null || right == null) {
      return left == null && right == null ? a.id - b.id : left == null ? 1 : -1;
    }
    const order =
      typeof left === "number" && typeof right === "number"
        ? left - right
        : String(left).localeCompare(String(right), undefined, { numeric: true });
    return order !== 0 ? order * direction : a.id - b.id;
  });
}

/**
 * What is wrong with a metric filter that names a metric no run records (a typo reads as "no run
 * matches"), or null when every name is known. {@code known} are the server's names: a name alone
 * is known too where the server lists it with steps (`evaluate.loss`); the server then says which
 * steps to choose from.
 */
export function unknownMetrics(filter: MetricPredicate[], known: string[]): string | null {
  const unknown = filter
    .map((p) => p.name)
    .filter((name) => !known.includes(name) && !known.some((k) => k.endsWith(`.${name}`)));
  if (unknown.length === 0) {
    return null;
  }
  const names = unknown.map((name) => `“${name}”`).join(", ");
  const list = known.length > 0 ? `; the runs record ${known.slice(0, 8).join(", ")}` : "";
  return `No run records ${unknown.length === 1 ? "a metric named" : "metrics named"} ${names}${list}.`;
}

export interface MetricPredicate {
  name: string;
  op: "EQ" | "NE" | "LT" | "LE" | "GT" | "GE";
  value: number;
}

const OPERATORS: Record<string, MetricPredicate["op"]> = {
  "=": "EQ",
  "==": "EQ",
  "!=": "NE",
  "<": "LT",
  "<=": "LE",
  ">": "GT",
  ">=": "GE",
};

/**
 * Reads a metric filter such as `accuracy > 0.9, loss <= 0.2` into the server's predicates; a
 * part that does not read as `name op number` is an error naming that part.
 */
export function parseMetricFilter(text: string): MetricPredicate[] {
  const predicates: MetricPredicate[] = [];
  for (const part of text.split(/,|\band\b/i)) {
    const trimmed = part.trim();
    if (trimmed === "") {
      continue;
    }
    const match = /^([\w.:/-]+)\s*(<=|>=|!=|==|=|<|>)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)$/i.exec(trimmed);
    if (match == null) {
      throw new Error(`"${trimmed}" is not a metric filter; write it as name > 0.9`);
    }
    predicates.push({ name: match[1], op: OPERATORS[match[2]], value: Number(match[3]) });
  }
  return predicates;
}

export interface ParameterPredicate {
  name: string;
  op: MetricPredicate["op"];
  /** Compared as text for = and !=, as a number otherwise (the server says when it is not one). */
  value: string;
}

/**
 * Reads a parameter filter such as `learning_rate < 0.1, feature_set = v2` into the server's
 * predicates (a value may be quoted to hold commas); a part that does not read as `name op value`
 * is an error naming that part.
 */
export function parseParameterFilter(text: string): ParameterPredicate[] {
  const predicates: ParameterPredicate[] = [];
  for (const part of text.match(/(?:[^,"]|"[^"]*")+/g) ?? []) {
    const trimmed = part.trim();
    if (trimmed === "") {
      continue;
    }
    const match = /^([\w.:/-]+)\s*(<=|>=|!=|==|=|<|>)\s*(.+)$/.exec(trimmed);
    if (match == null) {
      throw new Error(`"${trimmed}" is not a parameter filter; write it as name = value`);
    }
    const value = match[3].trim().replace(/^"(.*)"$/, "$1");
    predicates.push({ name: match[1], op: OPERATORS[match[2]], value });
  }
  return predicates;
}

/** Where the columns a user hid are remembered for a pipeline's table (or all pipelines'). */
export function hiddenColumnsKey(pipeline: string | null): string {
  return `mnemos.runs.hidden.${pipeline ?? ""}`;
}

/**
 * Column keys from their comma-separated form (URL or storage); keys that name no column are
 * dropped. Null when nothing was ever chosen, so the table's defaults apply.
 */
export function parseHidden(text: string | null | undefined): Set<string> | null {
  return text == null ? null : new Set(text.split(",").filter((key) => columnOfKey(key) != null));
}

/**
 * The columns a table opens without until the user chooses: across pipelines, the parameters
 * (each pipeline has its own) and the metrics fewer than a quarter of the runs record, which
 * would make a wide table of mostly blank cells; a pipeline's own table shows every column.
 */
export function defaultHidden(runs: Run[], pipeline: string | null): Set<string> {
  if (pipeline != null) {
    return new Set();
  }
  const { parameters, metrics } = columnsOf(runs);
  const hidden = new Set(parameters.map((name) => columnKey({ kind: "parameter", name })));
  for (const name of metrics) {
    const recording = runs.filter((run) => metricValue(run, name) != null).length;
    if (recording * 4 < runs.length) {
      hidden.add(columnKey({ kind: "metric", name }));
    }
  }
  return hidden;
}

/** Runs whose name contains the text, ignoring case. */
export function filterByName(runs: Run[], text: string): Run[] {
  const needle = text.trim().toLowerCase();
  return needle === "" ? runs : runs.filter((run) => run.name.toLowerCase().includes(needle));
}
