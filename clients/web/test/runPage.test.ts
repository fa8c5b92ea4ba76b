import { describe, expect, it } from "vitest";
import type { GraphQlClient } from "../src/api/graphql";
import { MAX_STEPS, QUERIES, runPage, STEPS_PAGE } from "../src/api/queries";

/** A server holding one run (id 7) of `count` steps, answering pages as the GraphQL API does. */
function serverOfRun(count: number) {
  const asked: { query: string; after: unknown }[] = [];
  const client = {
    async request(query: string, variables: { steps: { first: number; after?: string } }) {
      const from = Number(variables.steps.after ?? 0);
      asked.push({ query, after: variables.steps.after });
      const to = Math.min(count, from + variables.steps.first);
      const executions = {
        nodes: Array.from({ length: to - from }, (_, i) => ({
          id: from + i + 1,
          kind: "EXECUTION",
          typeName: "system.ContainerExecution",
          details: [],
          events: [],
        })),
        pageInfo: { hasNextPage: to < count, endCursor: String(to) },
      };
      if (query === QUERIES.runSteps) {
        return { run: { executions } };
      }
      const context = { id: 7, kind: "CONTEXT", typeName: "system.PipelineRun", name: "r", parents: [] };
      const title = { typeName: "system.PipelineRun", labels: [] };
      const linkedRuns = [
        {
          id: 8,
          name: "0f3a9c",
          context: { typeName: "mlflow.Run" },
          title: { typeName: "mlflow.Run", labels: [{ name: "run_name", stringValue: "train" }] },
        },
      ];
      return { run: { id: 7, name: "r", parameters: [], metrics: [], context, title, linkedRuns, executions } };
    },
  };
  return { client: client as unknown as GraphQlClient, asked };
}

describe("run page", () => {
  it("reads a fan-out of hundreds of steps a page at a time", async () => {
    const { client, asked } = serverOfRun(250);
    const run = await runPage(client, 7);
    expect(run?.steps.map((step) => step.id)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(run?.stepsCut).toBe(false);
    expect(asked.map((a) => a.after)).toEqual([undefined, String(STEPS_PAGE), String(2 * STEPS_PAGE)]);
    expect(asked[0].query).toBe(QUERIES.runPage);
  });

  it("names an MLflow run by its run_name, a pipeline run by none", async () => {
    const run = await runPage(serverOfRun(1).client, 7);
    expect(run?.displayName).toBeNull();
    expect(run?.linkedRuns.map((linked) => linked.displayName)).toEqual(["train"]);
    expect(run && "title" in run).toBe(false);
  });

  it("stops at the most it draws and says so", async () => {
    const { client } = serverOfRun(MAX_STEPS + 1);
    const run = await runPage(client, 7);
    expect(run?.steps).toHaveLength(MAX_STEPS);
    expect(run?.stepsCut).toBe(true);
  });
});
