import { describe, expect, it } from "vitest";
import { formatDuration, formatNumber, formatProperty, nodeLabel, runLabel, shortType } from "../src/model/format";

describe("format", () => {
  it("writes durations at a useful precision", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(12_340)).toBe("12.3 s");
    expect(formatDuration(245_000)).toBe("4 min 05 s");
    expect(formatDuration(7_380_000)).toBe("2 h 03 min");
    expect(formatDuration(null)).toBe("");
  });

  it("writes metrics without float noise", () => {
    expect(formatNumber(0.1 + 0.2)).toBe("0.3");
    expect(formatNumber(42)).toBe("42");
    expect(formatNumber(null)).toBe("");
  });

  it("pretty-prints structs and reads every value type", () => {
    expect(formatProperty({ name: "s", custom: true, valueType: "STRUCT", structValue: { a: [1, 2] } })).toBe(
      '{\n  "a": [\n    1,\n    2\n  ]\n}',
    );
    expect(formatProperty({ name: "i", custom: false, valueType: "INT", intValue: 3 })).toBe("3");
    expect(formatProperty({ name: "b", custom: false, valueType: "BOOLEAN", boolValue: false })).toBe("false");
    expect(formatProperty({ name: "d", custom: false, valueType: "DOUBLE", doubleValue: 0.25 })).toBe("0.25");
  });

  it("names nodes by display name, name, URI, then type and id", () => {
    expect(nodeLabel({ id: 1, kind: "EXECUTION", typeName: "t", displayName: "train", name: "x" })).toBe("train");
    expect(nodeLabel({ id: 1, kind: "ARTIFACT", typeName: "t", name: "m" })).toBe("m");
    expect(nodeLabel({ id: 1, kind: "ARTIFACT", typeName: "t", uri: "minio://b/run/train/model/" })).toBe("model");
    expect(nodeLabel({ id: 4, kind: "EXECUTION", typeName: "system.ContainerExecution" })).toBe(
      "ContainerExecution #4",
    );
    expect(shortType("Model")).toBe("Model");
  });

  it("shortens KFP's run UUIDs and leaves other run names whole", () => {
    expect(runLabel("3f2a9c1e-7b4d-4e5f-9a0b-1c2d3e4f5a6b")).toBe("3f2a9c1e");
    expect(runLabel("run-1")).toBe("run-1");
    expect(runLabel("3f2a9c1e-not-a-uuid")).toBe("3f2a9c1e-not-a-uuid");
  });
});
