/**
 * The shapes of the GraphQL answers the pages read: fields picked from the schema's generated types
 * (./schema.ts, from the server's SDL), so a field the server renames or drops fails tsc here.
 */
import type * as S from "./schema";

export type NodeKind = S.NodeKind;

export type ExecutionState = S.ExecutionState;

export type Property = S.Property;

export type PageInfo = Pick<S.PageInfo, "hasNextPage" | "endCursor">;

export type NodeSummary = Pick<S.Node, "id" | "kind" | "name" | "typeName"> &
  Pick<S.Artifact, "uri"> & {
    /** An artifact's or execution's state (asked for under two names, see queries.ts). */
    state?: string | null;
    /** KFP's `display_name` custom property, when set. */
    displayName?: string | null;
    /** The runs the node belongs to (asked for on lineage walks only). */
    runs?: RunRef[];
  };

/**
 * A run as other pages name it: its context id, its name (often KFP's run UUID, an MLflow run's
 * id), its pipeline, and the name to show (an MLflow run's run_name) when it has one.
 */
export type RunRef = Pick<S.Run, "id" | "name" | "pipeline"> & { displayName?: string | null };

export type EventInfo = Pick<S.Event, "type" | "path" | "time"> & {
  artifact: NodeSummary;
  execution: NodeSummary;
};

export type NodeDetails = NodeSummary &
  Pick<S.Node, "externalId" | "createTime" | "lastUpdateTime" | "properties"> & {
    contexts: NodeSummary[];
    events?: EventInfo[];
    parents?: NodeSummary[];
    children?: NodeSummary[];
    artifacts?: { nodes: NodeSummary[]; pageInfo: PageInfo };
    executions?: { nodes: NodeSummary[]; pageInfo: PageInfo };
  };

export type SearchHit = Pick<S.SearchHit, "score"> & {
  node: NodeSummary;
  highlights: Pick<S.Highlight, "field" | "fragments">[];
};

export interface SearchAnswer {
  search: Pick<S.SearchConnection, "totalHits"> & {
    hits: SearchHit[];
    pageInfo: Pick<S.PageInfo, "hasNextPage" | "endCursor">;
  };
  searchStatus: Pick<S.SearchStatus, "lagMillis">;
}

export type LineageEdge = Pick<S.Event, "type" | "path"> & {
  artifact: Pick<S.Artifact, "id">;
  execution: Pick<S.Execution, "id">;
};

export type LineageAnswer = Pick<S.Lineage, "truncated"> & {
  artifacts: NodeSummary[];
  executions: NodeSummary[];
  edges: LineageEdge[];
  frontier: Pick<S.NodeRef, "kind" | "id">[];
};

export type Parameter = Pick<S.Parameter, "name" | "value" | "number">;

export type Metric = Pick<S.Metric, "name" | "step" | "qualifiedName" | "value" | "lowerIsBetter">;

export type Run = Pick<
  S.Run,
  "id" | "name" | "pipeline" | "state" | "startTime" | "endTime" | "durationMillis" | "executionCount"
> & {
  parameters: Parameter[];
  metrics: Metric[];
  /** What the run is called where it has a name besides its id (an MLflow run's run_name). */
  displayName?: string | null;
};

export interface RunComparison {
  runs: Run[];
  parameters: Pick<S.AlignedParameter, "name" | "values" | "differs">[];
  metrics: Pick<S.AlignedMetric, "name" | "values" | "lowerIsBetter" | "best" | "worst">[];
}

/** A property of a step or artifact as the run page reads it. */
export type StepProperty = Pick<S.Property, "name"> &
  Partial<Pick<S.Property, "intValue" | "doubleValue" | "stringValue" | "structValue">>;

/** An artifact a step read or wrote, with its properties (metrics, KFP's display name). */
export type StepArtifact = NodeSummary & { details: StepProperty[] };

/** One execution of a run (a step, or a DAG holding steps) with its events. */
export type RunStep = NodeSummary &
  Pick<S.Execution, "createTime" | "lastUpdateTime"> & {
    details: StepProperty[];
    events: (Pick<S.Event, "type" | "path"> & { artifact: StepArtifact })[];
  };

export type RunMetricDetail = Metric & { source: Pick<S.Node, "id" | "kind" | "typeName"> };

/** A run for its page: the summary, the run's context and its pipeline's, and every step. */
/** A run linked with the one shown: an MLflow run and the KFP run that logged it, nested runs. */
export type LinkedRun = Pick<S.Run, "id" | "name" | "pipeline" | "state" | "startTime"> & {
  context: Pick<S.Context, "typeName">;
  displayName?: string | null;
};

/** A run's history of one metric, in at most the points asked for. */
export type MetricHistory = Pick<S.MetricHistory, "metric" | "count" | "min" | "max"> & {
  points: S.MetricHistoryPoint[];
};

export type RunDetails = Omit<Run, "metrics"> & {
  metrics: RunMetricDetail[];
  linkedRuns: LinkedRun[];
  context: NodeSummary;
  pipelineContexts: NodeSummary[];
  steps: RunStep[];
  /** The run has more executions than the page asked for. */
  stepsCut: boolean;
};

/** The run page's answer before its nodes are summarised (queries.ts). */
export type RawRunDetails = Omit<Run, "metrics"> & {
  metrics: RunMetricDetail[];
  linkedRuns: LinkedRun[];
  context: NodeSummary & { parents: NodeSummary[] };
  executions: {
    nodes: (NodeSummary &
      Pick<S.Execution, "createTime" | "lastUpdateTime"> & {
        details: StepProperty[];
        events: (Pick<S.Event, "type" | "path"> & { artifact: StepArtifact })[];
      })[];
    pageInfo: Pick<S.PageInfo, "hasNextPage" | "endCursor">;
  };
};
