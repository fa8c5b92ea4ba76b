import type { NodeSummary, Property } from "../api/types";

/** A time in milliseconds since the epoch as `2026-11-28 14:03:07` in the viewer's zone. */
export function formatTime(millis: number | null | undefined): string {
  if (millis == null || millis <= 0) {
    return "";
  }
  const d = new Date(millis);
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ` +
    `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
  );
}

/** `850 ms`, `12.3 s`, `4 min 05 s`, `2 h 03 min`. */
export function formatDuration(millis: number | null | undefined): string {
  if (millis == null || millis < 0) {
    return "";
  }
  if (millis < 1000) {
    return `${Math.round(millis)} ms`;
  }
  const seconds = millis / 1000;
  if (seconds < 60) {
    return `${seconds.toFixed(1)} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ${String(Math.floor(seconds % 60)).padStart(2, "0")} s`;
  }
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** A number as people read metrics: up to four significant decimals, no float noise. */
export function formatNumber(value: number | null | undefined): string {
  if (value == null || Number.isNaN(value)) {
    return "";
  }
  if (Number.isInteger(value)) {
    return String(value);
  }
  return String(Number(value.toPrecision(6)));
}

/** Any JSON value as text: strings bare, the rest as JSON, structs indented. */
export function formatJson(value: unknown, indent = 2): string {
  if (typeof value === "string") {
    return value;
  }
  if (value === undefined) {
    return "";
  }
  return JSON.stringify(value, null, typeof value === "object" && value !== null ? indent : 0);
}

/** A property's value as text; structs and protos are pretty-printed JSON. */
export function formatProperty(property: Property): string {
  switch (property.valueType) {
    case "INT":
      return String(property.intValue ?? "");
    case "DOUBLE":
      return formatNumber(property.doubleValue);
    case "STRING":
      return property.stringValue ?? "";
    case "BOOLEAN":
      return String(property.boolValue ?? "");
    case "STRUCT":
      return formatJson(property.structValue);
    case "PROTO":
      return formatJson(property.protoValue);
    default:
      return "";
  }
}

/**
 * What to call a node on screen: its KFP display name, its name, the last part of its URI, or
 * its type and id.
 */
export function nodeLabel(node: NodeSummary): string {
  if (node.displayName) {
    return node.displayName;
  }
  if (node.name) {
    return node.name;
  }
  if (node.uri) {
    const parts = node.uri.split("/").filter((p) => p.length > 0);
    if (parts.length > 0) {
      return parts[parts.length - 1];
    }
  }
  return `${shortType(node.typeName)} #${node.id}`;
}

/** `system.ContainerExecution` → `ContainerExecution`. */
export function shortType(typeName: string): string {
  const dot = typeName.lastIndexOf(".");
  return dot >= 0 ? typeName.slice(dot + 1) : typeName;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A run's name as lists show it: KFP names runs by a UUID, of which the first eight digits tell
 * runs apart on one screen (the whole goes in a tooltip); other names are shown whole.
 */
export function runLabel(name: string): string {
  return UUID.test(name) ? name.slice(0, 8) : name;
}

/** What to call a run: its display name (an MLflow run's run_name), else its short label. */
export function runTitle(run: { name: string; displayName?: string | null }): string {
  return run.displayName || runLabel(run.name);
}
