import { describe, expect, it } from "vitest";
import { ApiError, GraphQlClient, type Fetch } from "../src/api/graphql";

const answering =
  (status: number, body: unknown): Fetch =>
  async () =>
    new Response(typeof body === "string" ? body : JSON.stringify(body), { status });

describe("GraphQL client", () => {
  it("returns the data of a good answer and sends the variables", async () => {
    let sent: RequestInit | undefined;
    const client = new GraphQlClient("http://mnemos/graphql", async (_url, init) => {
      sent = init;
      return new Response(JSON.stringify({ data: { ok: 1 } }), { status: 200 });
    });
    await expect(client.request("{ ok }", { a: 1 })).resolves.toEqual({ ok: 1 });
    expect(JSON.parse(String(sent?.body))).toEqual({ query: "{ ok }", variables: { a: 1 } });
  });

  it("says the server is unreachable when no answer comes", async () => {
    const client = new GraphQlClient("http://mnemos/graphql", async () => {
      throw new TypeError("Failed to fetch");
    });
    const error = await client.request("{ ok }").catch((e: ApiError) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "UNREACHABLE" });
    expect((error as ApiError).message).toContain("http://mnemos/graphql");
  });

  it("passes on the server's error and its code", async () => {
    const client = new GraphQlClient(
      "x",
      answering(200, { data: null, errors: [{ message: "no artifact 9", extensions: { code: "NOT_FOUND" } }] }),
    );
    await expect(client.request("{ ok }")).rejects.toMatchObject({ code: "NOT_FOUND", message: "no artifact 9" });
  });

  it("explains an answer that is not GraphQL", async () => {
    const client = new GraphQlClient("x", answering(502, "<html>Bad gateway</html>"));
    await expect(client.request("{ ok }")).rejects.toMatchObject({ code: "INTERNAL" });
  });
});
