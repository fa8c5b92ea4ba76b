import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { QUERIES, summary } from "../src/api/queries";

/** The server's schema, from the SDL files the query module serves. */
const SCHEMA_DIR = fileURLToPath(new URL("../../../query/src/main/resources/dev/mnemos/query/schema", import.meta.url));
const schema = buildSchema(
  readdirSync(SCHEMA_DIR)
    .filter((name) => name.endsWith(".graphqls"))
    .sort()
    .map((name) => readFileSync(join(SCHEMA_DIR, name), "utf8"))
    .join("\n"),
);

describe("queries", () => {
  for (const [name, query] of Object.entries(QUERIES)) {
    it(`${name} is valid against the server's schema`, () => {
      expect(validate(schema, parse(query)).map((error) => error.message)).toEqual([]);
    });
  }
});

describe("summary", () => {
  const node = { id: 1, kind: "CONTEXT" as const, name: "0f3a9c", uri: null };
  it("names an MLflow run by its run_name, and a KFP node by its display_name", () => {
    const labels = [{ name: "run_name", stringValue: "baseline" }];
    expect(summary({ ...node, typeName: "mlflow.Run", labels }).displayName).toBe("baseline");
    expect(summary({ ...node, typeName: "system.PipelineRun", labels }).displayName).toBeNull();
    expect(
      summary({
        ...node,
        typeName: "system.ContainerExecution",
        labels: [{ name: "display_name", stringValue: "train" }],
      }).displayName,
    ).toBe("train");
    expect(
      summary({ ...node, typeName: "mlflow.Run", labels: [{ name: "run_name", stringValue: "" }] }).displayName,
    ).toBeNull();
  });
});
