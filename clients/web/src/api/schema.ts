// Generated from the server's GraphQL SDL by scripts/schema-types.mjs: do not edit, run
// `npm run generate`. Nullable fields are optional; Long is a number, JSON any JSON value.

export type AggregateFunction = "MIN" | "MAX" | "AVG" | "SUM" | "COUNT" | "P50" | "P90";

export interface AlignedMetric {
  /** The metric's name, or `step.name` when one of the runs records the name from two steps. */
  name: string;
  /** Each run's best value of the metric (its lowest when the metric is better low). */
  values: (number | null)[];
  /** Whether lower values are better: `best` is then the lowest value. */
  lowerIsBetter: boolean;
  best?: number | null;
  worst?: number | null;
}

/** One parameter or metric across the compared runs: `values[i]` belongs to `runs[i]`. */
export interface AlignedParameter {
  name: string;
  values: (JSON | null)[];
  differs: boolean;
}

export interface Artifact {
  id: Long;
  kind: NodeKind;
  name?: string | null;
  externalId?: string | null;
  typeName: string;
  type: ArtifactType;
  uri?: string | null;
  state?: ArtifactState | null;
  createTime?: Long | null;
  lastUpdateTime?: Long | null;
  properties: Property[];
  contexts: Context[];
  /** The pipeline runs (contexts of a run type) this node belongs to, in id order. */
  runs: Run[];
  events: Event[];
  /** Executions that output this artifact. */
  producedBy: Execution[];
  /** Executions that read this artifact. */
  consumedBy: Execution[];
}

export interface ArtifactConnection {
  edges: ArtifactEdge[];
  nodes: Artifact[];
  pageInfo: PageInfo;
}

export interface ArtifactEdge {
  cursor: string;
  node: Artifact;
}

export type ArtifactMark = "MARKED_FOR_DELETION" | "DELETED";

export type ArtifactState =
  "UNKNOWN" | "PENDING" | "LIVE" | "MARKED_FOR_DELETION" | "DELETED" | "ABANDONED" | "REFERENCE";

export interface ArtifactType {
  id: Long;
  name: string;
  version?: string | null;
  description?: string | null;
  externalId?: string | null;
  properties: PropertyDefinition[];
  baseType?: string | null;
}

/** Runs to compare. A metric is better low when its name says so (loss, error, mse, rmse, mae, perplexity, latency, as words of the name) unless named in `higherIsBetter`, or when named in `lowerIsBetter`. */
export interface CompareRunsInput {
  runIds: Long[];
  lowerIsBetter?: string[] | null;
  higherIsBetter?: string[] | null;
}

export type Comparison = "EQ" | "NE" | "LT" | "LE" | "GT" | "GE";

export interface Context {
  id: Long;
  kind: NodeKind;
  name?: string | null;
  externalId?: string | null;
  typeName: string;
  type: ContextType;
  createTime?: Long | null;
  lastUpdateTime?: Long | null;
  properties: Property[];
  /** The parent contexts. */
  contexts: Context[];
  parents: Context[];
  children: Context[];
  artifacts: ArtifactConnection;
  executions: ExecutionConnection;
}

export interface ContextConnection {
  edges: ContextEdge[];
  nodes: Context[];
  pageInfo: PageInfo;
}

export interface ContextEdge {
  cursor: string;
  node: Context;
}

export interface ContextType {
  id: Long;
  name: string;
  version?: string | null;
  description?: string | null;
  externalId?: string | null;
  properties: PropertyDefinition[];
}

/** Which runs (every criterion given must hold, at least one given) and what protects. */
export interface DeleteRunsInput {
  runIds?: Long[] | null;
  filter?: RunDeletionFilter | null;
  /** An MLMD filter_query over artifacts: the ones it matches stay, with everything upstream of them. */
  protectArtifacts?: string | null;
  /** The same over executions. */
  protectExecutions?: string | null;
  dryRun?: boolean | null;
  /** Instead of removing anything, set this MLMD state on the artifacts that would go. */
  mark?: ArtifactMark | null;
}

export interface DeletionCounts {
  removedRuns: number;
  retainedRuns: number;
  removedArtifacts: number;
  removedExecutions: number;
}

/** What a deletion removed, or would remove in a dry run. */
export interface DeletionResult {
  dryRun: boolean;
  /** The state set on `removedArtifacts` instead of removing them, when the input asked for one. */
  marked?: ArtifactMark | null;
  counts: DeletionCounts;
  removedRunIds: Long[];
  /** Runs asked for that stay, holding only what must stay. */
  retainedRunIds: Long[];
  removedExecutionIds: Long[];
  /** With their URIs: the objects in object storage the operator's own tool may delete. */
  removedArtifacts: RemovedArtifact[];
}

/** An artifact read or written by an execution; `path` holds the event's path steps as text. */
export interface Event {
  type: EventType;
  artifact: Artifact;
  execution: Execution;
  path: string[];
  time?: Long | null;
}

export type EventType =
  | "UNKNOWN"
  | "DECLARED_OUTPUT"
  | "DECLARED_INPUT"
  | "INPUT"
  | "OUTPUT"
  | "INTERNAL_INPUT"
  | "INTERNAL_OUTPUT"
  | "PENDING_OUTPUT";

export interface Execution {
  id: Long;
  kind: NodeKind;
  name?: string | null;
  externalId?: string | null;
  typeName: string;
  type: ExecutionType;
  state?: ExecutionState | null;
  createTime?: Long | null;
  lastUpdateTime?: Long | null;
  properties: Property[];
  contexts: Context[];
  /** The pipeline runs (contexts of a run type) this node belongs to, in id order. */
  runs: Run[];
  events: Event[];
  inputs: Artifact[];
  outputs: Artifact[];
}

export interface ExecutionConnection {
  edges: ExecutionEdge[];
  nodes: Execution[];
  pageInfo: PageInfo;
}

export interface ExecutionEdge {
  cursor: string;
  node: Execution;
}

export type ExecutionState = "UNKNOWN" | "NEW" | "RUNNING" | "COMPLETE" | "FAILED" | "CACHED" | "CANCELED";

export interface ExecutionType {
  id: Long;
  name: string;
  version?: string | null;
  description?: string | null;
  externalId?: string | null;
  properties: PropertyDefinition[];
  baseType?: string | null;
}

export interface Highlight {
  field: string;
  /** Text around each match, the matched words wrapped in <b></b>. */
  fragments: string[];
}

/** Any JSON value: struct properties, parameter values. */
export type JSON = unknown;

/** The nodes reached and the events between them. `truncated` says the node limit cut the walk; `frontier` lists the nodes reached last, whose neighbours were not walked: start another walk there to expand. */
export interface Lineage {
  artifacts: Artifact[];
  executions: Execution[];
  edges: Event[];
  truncated: boolean;
  frontier: NodeRef[];
}

export type LineageDirection = "UPSTREAM" | "DOWNSTREAM" | "BOTH";

/** MLMD `filter_query` texts; nodes that do not match are neither returned nor walked through (the start nodes always are). */
export interface LineageFilter {
  artifacts?: string | null;
  executions?: string | null;
}

/** A breadth-first walk over events from `start`: `maxHops` hops (artifact to execution, or back), at most `maxNodes` nodes. */
export interface LineageInput {
  start: NodeRefInput[];
  direction?: LineageDirection | null;
  maxHops?: number | null;
  maxNodes?: number | null;
  filter?: LineageFilter | null;
}

/** A 64-bit integer: ids of MLMD rows and times in milliseconds since the epoch. */
export type Long = number;

/** A scalar metric of a run: a numeric property of an artifact of a metrics type (`system.Metrics` by default), or of one of the run's executions, recorded by a step. Wherever a query names a metric (`orderBy.metric`, `metricFilter`, `metricAggregate`), the name alone (`loss`) will do while no run records it from two steps; otherwise the query says which, as `step.name` (`evaluate.loss`), and the name alone is refused with the choices. */
export interface Metric {
  name: string;
  /** The step that recorded it: the KFP task name of the execution (the producer, for an artifact), else its display name or component id, else the metrics artifact's display name. */
  step?: string | null;
  /** `step.name`, or the name alone when the step is unknown. */
  qualifiedName: string;
  value: number;
  /** Whether lower values of this metric are better (its name says so: loss, error, mse, ...). */
  lowerIsBetter: boolean;
  source: Node;
  /** The execution that recorded it (the producer, for an artifact). */
  execution?: Execution | null;
}

export interface MetricAggregateInput {
  metric: string;
  groupBy: MetricGroupBy;
  fn: AggregateFunction;
  filter?: MetricScope | null;
}

export interface MetricGroup {
  /** The group: pipeline name, run name, execution type name or context name. */
  key?: string | null;
  /** The id of the run, execution type or context; empty for pipelines. */
  id?: Long | null;
  value?: number | null;
  count: number;
}

export type MetricGroupBy = "PIPELINE" | "RUN" | "EXECUTION_TYPE" | "CONTEXT";

/** A run's history of one metric, summed up in at most as many points as asked for. */
export interface MetricHistory {
  metric: string;
  /** How many values the run logged (in the steps asked for). */
  count: number;
  /** The smallest and largest of them that are numbers (NaN is left out). */
  min?: number | null;
  max?: number | null;
  /** In step order; one value each while the history is no longer than the points asked for. */
  points: MetricHistoryPoint[];
}

/** Which stretch of a metric's history to read, and in how many points. Only MLflow runs log a history (a value per step); a KFP run's scalar metrics have one value each and none. */
export interface MetricHistoryInput {
  metric: string;
  /** How many points at most (1 to 10000). A longer history is cut, in step order, into that many buckets of equal count; each point sums up one bucket, so a spike between points still shows. */
  points?: number | null;
  /** Only values of steps from `fromStep` on (included). */
  fromStep?: Long | null;
  /** Only values of steps up to `toStep` (included). */
  toStep?: Long | null;
}

/** Consecutive values of a metric's history, in step, time, value order. */
export interface MetricHistoryPoint {
  firstStep: Long;
  lastStep: Long;
  count: number;
  /** The first and the last of the values: null where the value logged was NaN. */
  first?: number | null;
  last?: number | null;
  /** The smallest and largest that are numbers. */
  min?: number | null;
  max?: number | null;
}

export interface MetricNamesInput {
  pipeline?: string | null;
}

export interface MetricPredicate {
  name: string;
  op: Comparison;
  value: number;
}

/** Which metric values take part: of runs of one pipeline, started in a time window, in states. */
export interface MetricScope {
  pipeline?: string | null;
  since?: Long | null;
  until?: Long | null;
  states?: ExecutionState[] | null;
  runIds?: Long[] | null;
}

export interface Mutation {
  /** Deletes runs and what belongs only to them, under the rule of docs/lifecycle.md: what a kept node descends from, and what a protection filter names, stays with its producers; a run that keeps something stays, holding only that (`Run.retainedForLineage`). A dry run, the default, answers what would go and writes nothing. For admins (anyone when authentication is off). Large deletions belong to `mnemos gc` or the admin gRPC API: this answers within the query's time budget, and batches done before it ran out stay done. */
  deleteRuns: DeletionResult;
}

/** A stored artifact, execution or context. */
export interface Node {
  id: Long;
  kind: NodeKind;
  name?: string | null;
  externalId?: string | null;
  typeName: string;
  createTime?: Long | null;
  lastUpdateTime?: Long | null;
  /** Declared properties and custom properties, in name order. */
  properties: Property[];
  /** The contexts this node belongs to (for a context: its parent contexts). */
  contexts: Context[];
}

/** One node: by `id`, by `externalId`, or by `type` and `name` (the type's version is optional). */
export interface NodeInput {
  kind: NodeKind;
  id?: Long | null;
  externalId?: string | null;
  type?: string | null;
  typeVersion?: string | null;
  name?: string | null;
}

export type NodeKind = "ARTIFACT" | "EXECUTION" | "CONTEXT";

export interface NodeRef {
  kind: NodeKind;
  id: Long;
}

/** An artifact or execution, by id. */
export interface NodeRefInput {
  kind: NodeKind;
  id: Long;
}

/** Nodes of one kind in id order, optionally of one type and matching an MLMD `filter_query` (for example `uri LIKE "%churn%"` or `custom_properties.accuracy.double_value > 0.9`). */
export interface NodesInput {
  type?: string | null;
  typeVersion?: string | null;
  filter?: string | null;
  first?: number | null;
  after?: string | null;
}

export interface NodeType {
  id: Long;
  name: string;
  version?: string | null;
  description?: string | null;
  externalId?: string | null;
  properties: PropertyDefinition[];
}

/** Relay page information: pass `endCursor` as `after` to read the next page. */
export interface PageInfo {
  hasNextPage: boolean;
  endCursor?: string | null;
}

/** Paging of a connection: at most `first` items after the cursor `after`. */
export interface PageInput {
  first?: number | null;
  after?: string | null;
}

export interface Parameter {
  name: string;
  value?: JSON | null;
  /** The value as a number, when it reads as one. */
  number?: number | null;
}

export interface ParameterPredicate {
  name: string;
  op?: Comparison | null;
  /** Compared as text for EQ and NE, as a number otherwise. */
  value: string;
}

/** One property value; exactly the field named by `valueType` is set. */
export interface Property {
  name: string;
  custom: boolean;
  valueType: PropertyValueType;
  intValue?: Long | null;
  doubleValue?: number | null;
  stringValue?: string | null;
  boolValue?: boolean | null;
  structValue?: JSON | null;
  /** A google.protobuf.Any as JSON: its type URL and its value, base64-encoded. */
  protoValue?: JSON | null;
}

export interface PropertyDefinition {
  name: string;
  valueType: PropertyValueType;
}

export type PropertyValueType = "UNKNOWN" | "INT" | "DOUBLE" | "STRING" | "STRUCT" | "PROTO" | "BOOLEAN";

/** Every field takes at most one argument, `input`, so fields can grow without breaking clients. */
export interface Query {
  lineage: Lineage;
  metricAggregate: MetricGroup[];
  /** The scalar metrics recorded, most recorded first, each as a query names it: by name alone, or as `step.name` where some run records the name from two steps. */
  metricNames: string[];
  node?: Node | null;
  artifacts: ArtifactConnection;
  executions: ExecutionConnection;
  contexts: ContextConnection;
  types: NodeType[];
  run?: Run | null;
  runs: RunConnection;
  compareRuns: RunComparison;
  search: SearchConnection;
  searchStatus: SearchStatus;
}

export interface RemovedArtifact {
  id: Long;
  uri?: string | null;
}

/** A pipeline run: a context of a run type (`system.PipelineRun` and `KfpRun` by default). Its state is rolled up from its executions; its pipeline is a parent context of a pipeline type, or its `pipeline_name` property. */
export interface Run {
  id: Long;
  name: string;
  context: Context;
  pipeline?: string | null;
  state: ExecutionState;
  startTime: Long;
  /** Set once no execution of the run is new or running. */
  endTime?: Long | null;
  durationMillis?: Long | null;
  executionCount: number;
  /** KFP v2: the root DAG execution's `inputs`; KFP v1: the `input:*` execution properties. */
  parameters: Parameter[];
  metrics: Metric[];
  executions: ExecutionConnection;
  /** The runs among this run's parent and child contexts, parents first: an MLflow run and the KFP run whose step logged it (KFP's MLflow plugin), a nested MLflow run and its parent run. */
  linkedRuns: Run[];
  /** The run's history of one metric (MLflow runs), summed up in at most `input.points` points. */
  metricHistory: MetricHistory;
  /** Whether the run was deleted but stays because it holds what a kept node descends from, or what a protection filter names (its context's custom property `mnemos_retained_for_lineage`). */
  retainedForLineage: boolean;
}

export interface RunComparison {
  runs: Run[];
  parameters: AlignedParameter[];
  metrics: AlignedMetric[];
}

export interface RunConnection {
  edges: RunEdge[];
  nodes: Run[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface RunDeletionFilter {
  pipeline?: string | null;
  /** Runs whose context type has this name: one of the server's run types. */
  runType?: string | null;
  /** Runs that ended before this time (ms since epoch); a run still going is never chosen by age. */
  endedBefore?: Long | null;
  /** Leaves out the newest N runs of each pipeline (of the run type, when given), by start time. */
  keepNewest?: number | null;
}

export interface RunEdge {
  cursor: string;
  node: Run;
}

export interface RunInput {
  id: Long;
}

/** How runs are sorted. Without `direction`: by a metric, best first (lowest first for a metric that is better low: loss, error, mse and the like, or as `lowerIsBetter` says); otherwise newest, last or Z first (DESC). */
export interface RunOrder {
  field: RunOrderField;
  metric?: string | null;
  direction?: SortDirection | null;
  /** Whether `metric` is better low, instead of what its name says. */
  lowerIsBetter?: boolean | null;
}

export type RunOrderField = "START_TIME" | "END_TIME" | "NAME" | "METRIC";

export interface RunsInput {
  pipeline?: string | null;
  /** Runs started at or after this time (ms since epoch). */
  since?: Long | null;
  /** Runs started before this time (ms since epoch). */
  until?: Long | null;
  states?: ExecutionState[] | null;
  parameterFilter?: ParameterPredicate[] | null;
  metricFilter?: MetricPredicate[] | null;
  orderBy?: RunOrder | null;
  first?: number | null;
  after?: string | null;
}

export interface SearchConnection {
  edges: SearchEdge[];
  hits: SearchHit[];
  pageInfo: PageInfo;
  totalHits: number;
}

export interface SearchEdge {
  cursor: string;
  node: SearchHit;
}

export interface SearchHit {
  node: Node;
  score: number;
  highlights: Highlight[];
}

/** Full-text search over names, type names, URIs (split into path tokens), property names and values, and external ids. Plain words match any field; `type:Model uri:churn` limits a word to a field (fields: name, type, uri, property, value, external_id, kind); Lucene syntax (quotes, AND, OR, -, wildcards) applies. */
export interface SearchInput {
  text: string;
  kinds?: NodeKind[] | null;
  types?: string[] | null;
  first?: number | null;
  after?: string | null;
}

/** How far the index has caught up: it holds every write up to `indexedUpTo` (ms since epoch); `lagMillis` is 0 when it holds every committed write. `problem` says why it does not keep up, while it does not (a full or read-only disk); the index reopens and catches up by itself. */
export interface SearchStatus {
  indexedUpTo?: Long | null;
  lagMillis: Long;
  documents: number;
  problem?: string | null;
}

export type SortDirection = "ASC" | "DESC";

export interface TypesInput {
  kind: NodeKind;
}
