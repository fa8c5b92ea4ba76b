// Generates src/api/schema.ts, the TypeScript types of the GraphQL schema the server serves, from
// its SDL (query/src/main/resources/dev/mnemos/query/schema/*.graphqls), so that the browser's
// answer types (src/api/types.ts) are picked from the server's and cannot drift: a field the
// server renames or drops fails tsc. `npm run generate` writes the file; `--check` (part of
// `npm run check`) fails when it is not current.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as prettier from "prettier";
import { fileURLToPath } from "node:url";
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
} from "graphql";

const here = dirname(fileURLToPath(import.meta.url));
const sdlFolder = join(here, "../../../query/src/main/resources/dev/mnemos/query/schema");
const target = join(here, "../src/api/schema.ts");

const BUILT_IN = { ID: "string", String: "string", Int: "number", Float: "number", Boolean: "boolean" };
/** Our scalars: Long travels as a JSON number, JSON as any JSON value. */
const CUSTOM = { Long: "number", JSON: "unknown" };

function typeRef(type) {
  if (isNonNullType(type)) {
    return typeRef(type.ofType).replace(/ \| null$/, "");
  }
  if (isListType(type)) {
    const inner = typeRef(type.ofType);
    return `${inner.includes("|") ? `(${inner})` : inner}[] | null`;
  }
  return `${BUILT_IN[type.name] ?? type.name} | null`;
}

function field(name, type, description) {
  const doc = description ? `  /** ${description.replace(/\s+/g, " ").trim()} */\n` : "";
  const ref = typeRef(type);
  return ref.endsWith(" | null") ? `${doc}  ${name}?: ${ref};` : `${doc}  ${name}: ${ref};`;
}

function declaration(type) {
  const doc = type.description ? `/** ${type.description.replace(/\s+/g, " ").trim()} */\n` : "";
  if (isScalarType(type)) {
    return BUILT_IN[type.name] ? null : `${doc}export type ${type.name} = ${CUSTOM[type.name] ?? "unknown"};`;
  }
  if (isEnumType(type)) {
    return `${doc}export type ${type.name} = ${type
      .getValues()
      .map((v) => JSON.stringify(v.name))
      .join(" | ")};`;
  }
  if (isUnionType(type)) {
    return `${doc}export type ${type.name} = ${type
      .getTypes()
      .map((t) => t.name)
      .join(" | ")};`;
  }
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).map((f) => field(f.name, f.type, f.description));
    return `${doc}export interface ${type.name} {\n${fields.join("\n")}\n}`;
  }
  return null;
}

export function generate() {
  const sdl = readdirSync(sdlFolder)
    .filter((file) => file.endsWith(".graphqls"))
    .sort()
    .map((file) => readFileSync(join(sdlFolder, file), "utf8"))
    .join("\n");
  const schema = buildSchema(sdl);
  const declarations = Object.values(schema.getTypeMap())
    .filter((type) => !type.name.startsWith("__"))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(declaration)
    .filter((text) => text !== null);
  return (
    "// Generated from the server's GraphQL SDL by scripts/schema-types.mjs: do not edit, run\n" +
    "// `npm run generate`. Nullable fields are optional; Long is a number, JSON any JSON value.\n\n" +
    declarations.join("\n\n") +
    "\n"
  );
}

// Formatted as prettier formats the rest, so the file passes `prettier --check` as written.
const options = (await prettier.resolveConfig(target)) ?? {};
const text = await prettier.format(generate(), { ...options, filepath: target });
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    // missing: not current
  }
  if (current !== text) {
    console.error("src/api/schema.ts is not current with the GraphQL SDL: run `npm run generate`");
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
}
