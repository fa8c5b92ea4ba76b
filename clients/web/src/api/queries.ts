import { MLFLOW_RUN } from "../model/metricHistory";

/** The type of MLflow 3's logged models, named by their ids (`m-...`). */
const MLFLOW_LOGGED_MODEL = "mlflow.LoggedModel";
/** The type of MLflow's registered model versions, named by their model context's id and number. */
const MLFLOW_MODEL_VERSION = "mlflow.ModelVersion";
import type { GraphQlClient } from "./graphql";
import type {
  LineageAnswer,
  MetricHistory,
  NodeDetails,
  NodeKind,
  NodeSummary,
  RawRunDetails,
  Run,
  RunComparison,
  RunDetails,
  RunRef,
  SearchAnswer,
} from "./types";

/** The fields every node list shows, for a field of each type (a spread must fit its field). */
const NODE_FIELDS = "id kind name typeName labels: properties { name stringValue intValue }";
const ARTIFACT = `${NODE_FIELDS} uri artifactState: state`;
const EXECUTION = `${NODE_FIELDS} executionState: state`;
const CONTEXT = NODE_FIELDS;
const SUMMARY = `${NODE_FIELDS}
  ... on Artifact { uri artifactState: state }
  ... on Execution { executionState: state }`;

type RawSummary = Omit<NodeSummary, "state"> & {
  artifactState?: string | null;
  executionState?: string | null;
  labels?: Labels;
};

type Labels = { name: string; stringValue?: string | null; intValue?: number | null }[];

/**
 * The name to show for a node: the `display_name` KFP gives steps and artifacts, an MLflow run's
 * `run_name` (its context is named by the run's id) or an MLflow logged model's `name` (its artifact
 * is named by the model's id); null when it has none.
 */
function displayName(typeName: string, labels: Labels | undefined): string | null {
  const label = (name: string) => labels?.find((p) => p.name === name)?.stringValue || null;
  const version = labels?.find((p) => p.name === "version")?.intValue;
  if (typeName === MLFLOW_MODEL_VERSION && label("name") && version != null) {
    return `${label("name")} v${version}`;
  }
  const own = typeName === MLFLOW_RUN ? "run_name" : typeName === MLFLOW_LOGGED_MODEL ? "name" : null;
  return label("display_name") ?? (own ? label(own) : null);
}

/** One field name for both states (GraphQL cannot merge the two enums into one field), and the name to show. */
export function summary(raw: RawSummary): NodeSummary {
  const { artifactState, executionState, labels, ...rest } = raw;
  return { ...rest, state: artifactState ?? executionState ?? null, displayName: displayName(raw.typeName, labels) };
}

/** A run as the server answers it, with the context fields it is titled by. */
type Titled<T> = T & { title?: { typeName: string; labels?: Labels } | null };

/** The run with its display name (an MLflow run's run_name), the title fields dropped. */
export function titled<T extends { name: string }>(raw: Titled<T>): T & { displayName: string | null } {
  const { title, ...run } = raw;
  return { ...(run as unknown as T), displayName: title ? displayName(title.typeName, title.labels) : null };
}

const PROPERTIES = `properties { name custom valueType intValue doubleValue stringValue boolValue
  structValue protoValue }`;

/** What names a run to people: its context's type and labels (an MLflow run's run_name). */
const RUN_TITLE = "title: context { typeName labels: properties { name stringValue } }";

/** A run as other pages name it, with what titles it. */
const RUN_REF = `id name pipeline ${RUN_TITLE}`;

const RUN = `id name pipeline state startTime endTime durationMillis executionCount ${RUN_TITLE}
  parameters { name value number } metrics { name step qualifiedName value lowerIsBetter }`;

/** A page of a run's steps, with the events and artifacts the run page draws them with. */
const RUN_STEPS = `executions(input: $steps) {
    nodes {
      ${EXECUTION} createTime lastUpdateTime
      details: properties { name intValue stringValue }
      events {
        type path
        artifact { ${ARTIFACT} details: properties { name doubleValue stringValue structValue } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }`;

/** Every operation the page sends, by name; a unit test validates each against the schema. */
export const QUERIES = {
  search: `query Search($input: SearchInput!) {
      search(input: $input) {
        totalHits hits { score node { ${SUMMARY} } highlights { field fragments } }
        pageInfo { hasNextPage endCursor }
      }
      searchStatus { lagMillis }
    }`,
  node: `query Node($input: NodeInput!) {
      node(input: $input) {
        ${SUMMARY} externalId createTime lastUpdateTime ${PROPERTIES}
        contexts { ${CONTEXT} }
        ... on Artifact { events { type path time artifact { ${ARTIFACT} } execution { ${EXECUTION} } } }
        ... on Execution { events { type path time artifact { ${ARTIFACT} } execution { ${EXECUTION} } } }
        ... on Context {
          parents { ${CONTEXT} } children { ${CONTEXT} }
          artifacts(input: {first: 100}) { nodes { ${ARTIFACT} } pageInfo { hasNextPage endCursor } }
          executions(input: {first: 100}) { nodes { ${EXECUTION} } pageInfo { hasNextPage endCursor } }
        }
      }
    }`,
  lineage: `query Lineage($input: LineageInput!) {
      lineage(input: $input) {
        artifacts { ${ARTIFACT} runs { ${RUN_REF} } } executions { ${EXECUTION} runs { ${RUN_REF} } }
        edges { type path artifact { id } execution { id } }
        truncated frontier { kind id }
      }
    }`,
  runs: `query Runs($input: RunsInput) {
      runs(input: $input) { totalCount nodes { ${RUN} } pageInfo { hasNextPage endCursor } }
    }`,
  pipelines: `{ runs(input: {first: 500}) { nodes { pipeline } } }`,
  metricNames: `query MetricNames($input: MetricNamesInput) { metricNames(input: $input) }`,
  runPage: `query RunPage($input: RunInput!, $steps: PageInput) {
      run(input: $input) {
        ${RUN}
        metrics { name step qualifiedName value lowerIsBetter source { id kind typeName } }
        context { ${CONTEXT} parents { ${CONTEXT} } }
        linkedRuns { id name pipeline state startTime context { typeName } ${RUN_TITLE} }
        ${RUN_STEPS}
      }
    }`,
  metricHistory: `query MetricHistory($input: RunInput!, $history: MetricHistoryInput!) {
      run(input: $input) {
        metricHistory(input: $history) {
          metric count min max points { firstStep lastStep count first last min max }
        }
      }
    }`,
  runSteps: `query RunSteps($input: RunInput!, $steps: PageInput) { run(input: $input) { ${RUN_STEPS} } }`,
  contextRoles: `query ContextRoles($run: RunInput!, $runs: RunsInput) {
      run(input: $run) { id }
      runs(input: $runs) { totalCount }
    }`,
  executionRuns: `query ExecutionRuns($input: NodeInput!) {
      node(input: $input) { ... on Execution { runs { ${RUN_REF} } } }
    }`,
  compareRuns: `query Compare($input: CompareRunsInput!) {
      compareRuns(input: $input) {
        runs { ${RUN} }
        parameters { name values differs }
        metrics { name values lowerIsBetter best worst }
      }
    }`,
};

/** A page of hits for `text`, after the cursor `after` when continuing. */
export async function search(
  client: GraphQlClient,
  text: string,
  first = 30,
  after: string | null = null,
): Promise<SearchAnswer> {
  const data = await client.request<SearchAnswer>(QUERIES.search, { input: { text, first, after } });
  for (const hit of data.search.hits) {
    hit.node = summary(hit.node as RawSummary);
  }
  return data;
}

export async function node(client: GraphQlClient, kind: NodeKind, id: number): Promise<NodeDetails | null> {
  const data = await client.request<{ node: (NodeDetails & RawSummary) | null }>(QUERIES.node, { input: { kind, id } });
  const found = data.node;
  if (found == null) {
    return null;
  }
  const details: NodeDetails = { ...found, ...summary(found) };
  details.contexts = found.contexts.map((c) => summary(c as RawSummary));
  details.events = found.events?.map((e) => ({
    ...e,
    artifact: summary(e.artifact as RawSummary),
    execution: summary(e.execution as RawSummary),
  }));
  details.parents = found.parents?.map((c) => summary(c as RawSummary));
  details.children = found.children?.map((c) => summary(c as RawSummary));
  if (found.artifacts) {
    details.artifacts = {
      ...found.artifacts,
      nodes: found.artifacts.nodes.map((n) => summary(n as RawSummary)),
    };
  }
  if (found.executions) {
    details.executions = {
      ...found.executions,
      nodes: found.executions.nodes.map((n) => summary(n as RawSummary)),
    };
  }
  return details;
}

export type Direction = "UPSTREAM" | "DOWNSTREAM" | "BOTH";

export async function lineage(
  client: GraphQlClient,
  start: { kind: NodeKind; id: number }[],
  direction: Direction,
  maxHops: number,
  maxNodes: number,
): Promise<LineageAnswer> {
  const data = await client.request<{ lineage: LineageAnswer }>(QUERIES.lineage, {
    input: { start, direction, maxHops, maxNodes },
  });
  const answer = data.lineage;
  const withRuns = (n: NodeSummary) => ({ ...summary(n as RawSummary), runs: n.runs?.map((run) => titled(run)) });
  answer.artifacts = answer.artifacts.map(withRuns);
  answer.executions = answer.executions.map(withRuns);
  return answer;
}

export interface RunsQuery {
  pipeline?: string;
  orderBy: { field: "START_TIME" | "END_TIME" | "NAME" | "METRIC"; metric?: string; direction: "ASC" | "DESC" };
  states?: string[];
  metricFilter?: { name: string; op: string; value: number }[];
  parameterFilter?: { name: string; op: string; value: string }[];
  first: number;
  after?: string | null;
}

export async function runs(
  client: GraphQlClient,
  input: RunsQuery,
): Promise<{ totalCount: number; nodes: Run[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } }> {
  const data = await client.request<{
    runs: {
      totalCount: number;
      nodes: Titled<Run>[];
      pageInfo: { hasNextPage: boolean; endCursor?: string | null };
    };
  }>(QUERIES.runs, { input });
  return { ...data.runs, nodes: data.runs.nodes.map(titled) };
}

export async function pipelines(client: GraphQlClient): Promise<string[]> {
  const data = await client.request<{ runs: { nodes: { pipeline?: string | null }[] } }>(QUERIES.pipelines);
  const names = new Set<string>();
  for (const run of data.runs.nodes) {
    if (run.pipeline) {
      names.add(run.pipeline);
    }
  }
  return [...names].sort();
}

/** The metric names runs of `pipeline` (every pipeline when null) record, most used first. */
export async function metricNames(client: GraphQlClient, pipeline: string | null): Promise<string[]> {
  const data = await client.request<{ metricNames: string[] }>(QUERIES.metricNames, {
    input: { pipeline: pipeline ?? undefined },
  });
  return data.metricNames;
}

/** A run with its steps, their artifacts and events, or null when there is no such run. */
/** Executions per request of the run page (MLMD's page size), and the most it draws. */
export const STEPS_PAGE = 100;
export const MAX_STEPS = 2000;

/**
 * A run with its steps: the run and the first page of steps in one request, further pages (a
 * fan-out of hundreds of steps) one request each, up to {@link MAX_STEPS}.
 */
/** Run {@code id}'s history of {@code metric} in at most {@code points} points; null if no run. */
export async function metricHistory(
  client: GraphQlClient,
  id: number,
  metric: string,
  points: number,
): Promise<MetricHistory | null> {
  const data = await client.request<{ run: { metricHistory: MetricHistory } | null }>(QUERIES.metricHistory, {
    input: { id },
    history: { metric, points },
  });
  return data.run?.metricHistory ?? null;
}

export async function runPage(client: GraphQlClient, id: number): Promise<RunDetails | null> {
  const data = await client.request<{ run: RawRunDetails | null }>(QUERIES.runPage, {
    input: { id },
    steps: { first: STEPS_PAGE },
  });
  const run = data.run;
  if (run == null) {
    return null;
  }
  const nodes = [...run.executions.nodes];
  let page = run.executions.pageInfo;
  while (page.hasNextPage && nodes.length < MAX_STEPS) {
    const next = await client.request<{ run: Pick<RawRunDetails, "executions"> | null }>(QUERIES.runSteps, {
      input: { id },
      steps: { first: STEPS_PAGE, after: page.endCursor },
    });
    if (next.run == null) {
      break; // deleted meanwhile: show what was read
    }
    nodes.push(...next.run.executions.nodes);
    page = next.run.executions.pageInfo;
  }
  return {
    ...titled(run),
    linkedRuns: run.linkedRuns.map(titled),
    context: summary(run.context as RawSummary),
    pipelineContexts: run.context.parents.map((c) => summary(c as RawSummary)),
    steps: nodes.map((raw) => ({
      ...summary(raw as RawSummary),
      createTime: raw.createTime,
      lastUpdateTime: raw.lastUpdateTime,
      details: raw.details,
      events: raw.events.map((event) => ({
        type: event.type,
        path: event.path,
        artifact: { ...summary(event.artifact as RawSummary), details: event.artifact.details },
      })),
    })),
    stepsCut: page.hasNextPage,
  };
}

/**
 * What a context is to the runs pages, as the server's run and pipeline types say (they are
 * settings): a run (it has a run page), or a pipeline with runs (how many).
 */
export async function contextRoles(
  client: GraphQlClient,
  context: { id: number; name?: string | null },
): Promise<{ run: boolean; pipelineRuns: number }> {
  const data = await client.request<{ run: { id: number } | null; runs: { totalCount: number } }>(
    QUERIES.contextRoles,
    { run: { id: context.id }, runs: { pipeline: context.name ?? "", first: 1 } },
  );
  return { run: data.run != null, pipelineRuns: context.name ? data.runs.totalCount : 0 };
}

/** The runs an execution belongs to: where a cached step was computed. */
export async function executionRuns(client: GraphQlClient, id: number): Promise<RunRef[]> {
  const data = await client.request<{ node: { runs: RunRef[] } | null }>(QUERIES.executionRuns, {
    input: { kind: "EXECUTION", id },
  });
  return (data.node?.runs ?? []).map((run) => titled(run));
}

export async function compareRuns(client: GraphQlClient, runIds: number[]): Promise<RunComparison> {
  const data = await client.request<{ compareRuns: Omit<RunComparison, "runs"> & { runs: Titled<Run>[] } }>(
    QUERIES.compareRuns,
    { input: { runIds } },
  );
  return { ...data.compareRuns, runs: data.compareRuns.runs.map(titled) };
}
