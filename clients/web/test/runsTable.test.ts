import { describe, expect, it } from "vitest";
import type { Run } from "../src/api/types";
import {
  columnKey,
  columnOfKey,
  columnsOf,
  defaultHidden,
  filterByName,
  lowerIsBetter,
  metricValue,
  parseMetricFilter,
  parseParameterFilter,
  parseHidden,
  hiddenColumnsKey,
  sortRuns,
  unknownMetrics,
} from "../src/model/runsTable";

function metric(step: string, name: string, value: number, lowerIsBetter: boolean): Run["metrics"][number] {
  return { name, step, qualifiedName: `${step}.${name}`, value, lowerIsBetter };
}

function run(id: number, name: string, accuracy: number | null, lr: number, duration?: number): Run {
  return {
    id,
    name,
    state: "COMPLETE",
    startTime: 1000 + id,
    durationMillis: duration,
    executionCount: 2,
    parameters: [{ name: "learning_rate", value: lr, number: lr }],
    metrics:
      accuracy == null
        ? []
        : [metric("evaluate", "accuracy", accuracy, false), metric("evaluate", "accuracy", accuracy - 0.1, false)],
  };
}

const runs = [run(1, "run-1", 0.87, 0.1, 5000), run(2, "run-2", 0.93, 0.05), run(3, "run-10", null, 0.01, 100)];

describe("runs table", () => {
  it("has a column for every parameter and metric", () => {
    expect(columnsOf(runs)).toEqual({ parameters: ["learning_rate"], metrics: ["accuracy"] });
  });

  it("reads a run's metric as its best value", () => {
    expect(metricValue(runs[0], "accuracy")).toBe(0.87);
    expect(metricValue(runs[2], "accuracy")).toBeNull();
    expect(lowerIsBetter(runs, "accuracy")).toBe(false);
  });

  it("reads a loss as its lowest value, better low", () => {
    const trained: Run = {
      ...runs[0],
      metrics: [metric("evaluate", "loss", 0.4, true), metric("evaluate", "loss", 0.2, true)],
    };
    expect(metricValue(trained, "loss")).toBe(0.2);
    expect(lowerIsBetter([trained], "loss")).toBe(true);
  });

  it("keeps a training and an evaluation loss apart as two columns", () => {
    const twoLosses: Run = {
      ...runs[0],
      metrics: [
        metric("train", "loss", 0.05, true),
        metric("evaluate", "loss", 0.3, true),
        metric("evaluate", "auc", 0.9, false),
      ],
    };
    const oneLoss: Run = { ...runs[1], metrics: [metric("evaluate", "loss", 0.2, true)] };
    expect(columnsOf([twoLosses, oneLoss]).metrics).toEqual(["auc", "evaluate.loss", "train.loss"]);
    expect(metricValue(twoLosses, "evaluate.loss")).toBe(0.3);
    expect(metricValue(twoLosses, "train.loss")).toBe(0.05);
    expect(metricValue(oneLoss, "evaluate.loss")).toBe(0.2);
    expect(metricValue(oneLoss, "train.loss")).toBeNull();
    expect(columnsOf([oneLoss]).metrics).toEqual(["loss"]);
  });

  it("sorts by a metric either way, runs without it last", () => {
    const best = sortRuns(runs, { column: { kind: "metric", name: "accuracy" }, ascending: false });
    expect(best.map((r) => r.name)).toEqual(["run-2", "run-1", "run-10"]);
    const worst = sortRuns(runs, { column: { kind: "metric", name: "accuracy" }, ascending: true });
    expect(worst.map((r) => r.name)).toEqual(["run-1", "run-2", "run-10"]);
  });

  it("sorts names as people count and parameters as numbers", () => {
    expect(sortRuns(runs, { column: { kind: "name" }, ascending: true }).map((r) => r.name)).toEqual([
      "run-1",
      "run-2",
      "run-10",
    ]);
    const byRate = sortRuns(runs, { column: { kind: "parameter", name: "learning_rate" }, ascending: true });
    expect(byRate.map((r) => r.id)).toEqual([3, 2, 1]);
    const byDuration = sortRuns(runs, { column: { kind: "duration" }, ascending: true });
    expect(byDuration.map((r) => r.id)).toEqual([3, 1, 2]);
  });

  it("reads metric filters and names the part it cannot read", () => {
    expect(parseMetricFilter("accuracy > 0.9, loss <= 0.2")).toEqual([
      { name: "accuracy", op: "GT", value: 0.9 },
      { name: "loss", op: "LE", value: 0.2 },
    ]);
    expect(parseMetricFilter("auc=1 and f1 != 0.5")).toEqual([
      { name: "auc", op: "EQ", value: 1 },
      { name: "f1", op: "NE", value: 0.5 },
    ]);
    expect(parseMetricFilter("  ")).toEqual([]);
    expect(() => parseMetricFilter("accuracy is high")).toThrow(/"accuracy is high"/);
  });

  it("filters by name, ignoring case", () => {
    expect(filterByName(runs, "RUN-1").map((r) => r.id)).toEqual([1, 3]);
    expect(filterByName(runs, "")).toHaveLength(3);
  });

  it("names a metric no run records instead of showing no runs", () => {
    const filter = parseMetricFilter("acuracy > 0.9");
    expect(unknownMetrics(filter, ["accuracy", "auc"])).toBe(
      "No run records a metric named “acuracy”; the runs record accuracy, auc.",
    );
    expect(unknownMetrics(parseMetricFilter("accuracy > 0.9"), ["accuracy"])).toBeNull();
    // Known with its steps: the server then says which to choose.
    expect(unknownMetrics(parseMetricFilter("loss < 0.2"), ["evaluate.loss", "train.loss"])).toBeNull();
  });

  it("reads a column back from its key, as the URL keeps it", () => {
    for (const column of [
      { kind: "name" as const },
      { kind: "duration" as const },
      { kind: "metric" as const, name: "evaluate:loss" },
      { kind: "parameter" as const, name: "lr" },
    ]) {
      expect(columnOfKey(columnKey(column))).toEqual(column);
    }
    expect(columnOfKey("metric:")).toBeNull();
    expect(columnOfKey("nonsense")).toBeNull();
  });
});

describe("parameter filter", () => {
  it("reads names, operators and text or number values, quoted ones with commas", () => {
    expect(parseParameterFilter('learning_rate < 0.1, feature_set = v2, note = "a, b"')).toEqual([
      { name: "learning_rate", op: "LT", value: "0.1" },
      { name: "feature_set", op: "EQ", value: "v2" },
      { name: "note", op: "EQ", value: "a, b" },
    ]);
    expect(() => parseParameterFilter("learning_rate")).toThrow('"learning_rate" is not a parameter filter');
  });
});

describe("hidden columns", () => {
  it("reads the keys a user hid, dropping what names no column", () => {
    expect([...(parseHidden("metric:train.loss,parameter:label,bogus") ?? [])]).toEqual([
      "metric:train.loss",
      "parameter:label",
    ]);
    expect(parseHidden(null)).toBeNull();
    expect(parseHidden("")?.size).toBe(0);
    expect(hiddenColumnsKey("churn")).not.toEqual(hiddenColumnsKey(null));
  });

  it("opens every pipeline's runs without parameters and rare metrics, a pipeline's with all", () => {
    const rare = { ...run(4, "forecast-1", null, 0.2), metrics: [metric("evaluate", "mape", 0.1, true)] };
    const mixed = [...runs, rare, run(5, "run-5", 0.9, 0.1), run(6, "run-6", 0.91, 0.1), run(7, "run-7", null, 1)];
    expect([...defaultHidden(mixed, null)].sort()).toEqual(["metric:mape", "parameter:learning_rate"]);
    expect(defaultHidden(mixed, "churn").size).toBe(0);
  });
});
