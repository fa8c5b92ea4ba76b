import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { QUERIES } from "../src/api/queries";

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
