/** The shapes of the GraphQL answers the pages read (a subset of the schema's fields). */

export type NodeKind = "ARTIFACT" | "EXECUTION" | "CONTEXT";

export type ExecutionState = "UNKNOWN" | "NEW" | "RUNNING" | "COMPLETE" | "FAILED" | "CACHED" | "CANCELED";

export interface Property {
  name: string;
  custom: boolean;
  valueType: "UNKNOWN" | "INT" | "DOUBLE" | "STRING" | "STRUCT" | "PROTO" | "BOOLEAN";
  intValue?: number | null;
  doubleValue?: number | null;
  stringValue?: string | null;
  boolValue?: boolean | null;
  structValue?: unknown;
  protoValue?: unknown;
}

export interface NodeSummary {
  id: number;
  kind: NodeKind;
  name?: string | null;
  /** KFP's `display_name` custom property, when set. */
  displayName?: string | null;
  typeName: string;
  uri?: string | null;
  state?: string | null;
}

export interface EventInfo {
  type: string;
  path: string[];
  time?: number | null;
  artifact: NodeSummary;
  execution: NodeSummary;
}

export interface NodeDetails extends NodeSummary {
  externalId?: string | null;
  createTime?: number | null;
  lastUpdateTime?: number | null;
  properties: Property[];
  contexts: NodeSummary[];
  events?: EventInfo[];
  parents?: NodeSummary[];
  children?: NodeSummary[];
  artifacts?: { nodes: NodeSummary[]; pageInfo: PageInfo };
  executions?: { nodes: NodeSummary[]; pageInfo: PageInfo };
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor?: string | null;
}

export interface SearchHit {
  score: number;
  node: NodeSummary;
  highlights: { field: string; fragments: string[] }[];
}

export interface SearchAnswer {
  search: { totalHits: number; hits: SearchHit[] };
  searchStatus: { lagMillis: number };
}

export interface LineageEdge {
  type: string;
  path: string[];
  artifact: { id: number };
  execution: { id: number };
}

export interface LineageAnswer {
  artifacts: NodeSummary[];
  executions: NodeSummary[];
  edges: LineageEdge[];
  truncated: boolean;
  frontier: { kind: NodeKind; id: number }[];
}

export interface Parameter {
  name: string;
  value: unknown;
  number?: number | null;
}

export interface Metric {
  name: string;
  value: number;
}

export interface Run {
  id: number;
  name: string;
  pipeline?: string | null;
  state: ExecutionState;
  startTime: number;
  endTime?: number | null;
  durationMillis?: number | null;
  executionCount: number;
  parameters: Parameter[];
  metrics: Metric[];
}

export interface RunComparison {
  runs: Run[];
  parameters: { name: string; values: unknown[]; differs: boolean }[];
  metrics: { name: string; values: (number | null)[]; best?: number | null; worst?: number | null }[];
}
