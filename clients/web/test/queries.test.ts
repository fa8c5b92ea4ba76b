import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import type { GraphQlClient } from "../src/api/graphql";
import { lineage, QUERIES, summary } from "../src/api/queries";

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

  it("names an MLflow logged model by its name, not the id its artifact is named by", () => {
    const model = { ...node, kind: "ARTIFACT" as const, name: "m-0f3a9c", typeName: "mlflow.LoggedModel" };
    expect(summary({ ...model, labels: [{ name: "name", stringValue: "churn-clf" }] }).displayName).toBe("churn-clf");
    expect(
      summary({ ...model, typeName: "system.Model", labels: [{ name: "name", stringValue: "x" }] }).displayName,
    ).toBeNull();
    const version = { ...node, kind: "ARTIFACT" as const, name: "12/3", typeName: "mlflow.ModelVersion" };
    expect(
      summary({
        ...version,
        labels: [
          { name: "name", stringValue: "churn-clf" },
          { name: "version", intValue: 3 },
        ],
      }).displayName,
    ).toBe("churn-clf v3");
  });
});

describe("lineage", () => {
  it("names the runs a node belongs to as the run pages do: an MLflow run by its run_name", async () => {
    const mlflowRun = {
      id: 5,
      name: "0f3a9c1e7b4d4e5f9a0b1c2d3e4f5a6b",
      pipeline: "churn",
      title: { typeName: "mlflow.Run", labels: [{ name: "run_name", stringValue: "baseline" }] },
    };
    const kfpRun = { id: 6, name: "3f2a9c1e-7b4d-4e5f-9a0b-1c2d3e4f5a6b", pipeline: null, title: null };
    const client = {
      async request() {
        return {
          lineage: {
            artifacts: [
              { id: 1, kind: "ARTIFACT", name: "m-1", typeName: "mlflow.LoggedModel", labels: [], runs: [mlflowRun] },
            ],
            executions: [{ id: 2, kind: "EXECUTION", name: "e", typeName: "t", labels: [], runs: [kfpRun] }],
            edges: [],
            truncated: false,
            frontier: [],
          },
        };
      },
    } as unknown as GraphQlClient;

    const answer = await lineage(client, [{ kind: "ARTIFACT", id: 1 }], "BOTH", 3, 100);

    expect(answer.artifacts[0].runs).toEqual([
      { id: 5, name: mlflowRun.name, pipeline: "churn", displayName: "baseline" },
    ]);
    expect(answer.executions[0].runs).toEqual([{ id: 6, name: kfpRun.name, pipeline: null, displayName: null }]);
  });
});
