import { useEffect, useMemo, useState } from "preact/hooks";
import { ApiError } from "../api/graphql";
import { executionRuns, MAX_STEPS, runPage } from "../api/queries";
import type { RunDetails, RunRef, RunStep } from "../api/types";
import { LayoutWorker, type Layout } from "../layout/layout";
import { formatDuration, formatJson, formatNumber, formatTime, runTitle } from "../model/format";
import { toElk } from "../model/lineageGraph";
import { formatRoute, nodeHref } from "../model/routes";
import { cachedFrom, classificationOf, isDag, outputsOf, stepGraph, stepName } from "../model/runSteps";
import { MLFLOW_RUN, runKind } from "../model/metricHistory";
import { ClassificationView } from "./ClassificationView";
import { client } from "./client";
import { GraphView } from "./GraphView";
import { HistoryChart } from "./HistoryChart";
import { NodeLink, StateBadge } from "./links";
import { ErrorMessage, Loading, NotFound } from "./Message";
import { useLoad } from "./useLoad";

const layoutWorker = new LayoutWorker();
const NO_PATH = null;
const NOTHING_EXPANDED = new Set<string>();

/**
 * One pipeline run: its state and times, its steps laid out as they fed each other (cached steps
 * say which run computed them), its parameters and metrics, classification results drawn, and
 * its reports by URI.
 */
export function RunPage({ id }: { id: number }) {
  const loaded = useLoad(() => runPage(client, id), [id]);
  const what = `Run ${id}`;
  if (loaded.status === "loading") {
    return <Loading what={what} />;
  }
  if (loaded.status === "failed" && loaded.error.code !== "NOT_FOUND") {
    return <ErrorMessage error={loaded.error} what={what} />;
  }
  if (loaded.status === "failed" || loaded.value == null) {
    return <NotFound what={what} />;
  }
  return <RunView run={loaded.value} />;
}

function RunView({ run }: { run: RunDetails }) {
  const pipeline = run.pipeline ?? null;
  return (
    <article class="run-page">
      <header class="node-header">
        <p class="kind">Run{pipeline ? ` of ${pipeline}` : ""}</p>
        <h1 class="run-title" title={run.name}>
          {runTitle(run)} <StateBadge state={run.state} />
        </h1>
        {pipeline && (
          <a class="button" href={formatRoute({ page: "runs", pipeline })}>
            All runs of {pipeline}
          </a>
        )}
        <a class="button" href={nodeHref("CONTEXT", run.id)}>
          Everything recorded for it
        </a>
      </header>
      <dl class="facts">
        {(
          [
            ["Pipeline", pipeline ?? ""],
            ["Run id", run.name],
            ["Started", formatTime(run.startTime)],
            ["Ended", run.endTime ? formatTime(run.endTime) : "not yet"],
            ["Duration", formatDuration(run.durationMillis)],
            ["Executions", String(run.executionCount)],
          ] as const
        )
          .filter(([, value]) => value !== "")
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <LinkedRuns run={run} />
      <Steps run={run} />
      <Parameters run={run} />
      <Metrics run={run} />
      <Results run={run} />
    </article>
  );
}

function Steps({ run }: { run: RunDetails }) {
  const graph = useMemo(() => stepGraph(run), [run]);
  const [layout, setLayout] = useState<Layout | null>(null);
  const [error, setError] = useState<string | null>(null);
  const origins = useCachedOrigins(run);
  useEffect(() => {
    setLayout(null);
    if (graph.nodes.size === 0) {
      return;
    }
    let current = true;
    layoutWorker.layout(toElk(graph)).then(
      (laidOut) => current && setLayout(laidOut),
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [graph]);
  const steps = run.steps.filter((step) => !isDag(step));
  return (
    <section class="run-steps">
      <h2>Steps</h2>
      {run.stepsCut && <p class="message">The run has more executions than the page draws (the first {MAX_STEPS}).</p>}
      {error && <ErrorMessage error={new ApiError(error, "LAYOUT")} what="the step graph" />}
      {graph.nodes.size > 0 && !layout && !error && <Loading what="the step graph" />}
      {layout && (
        <GraphView
          graph={graph}
          layout={layout}
          start=""
          selected={null}
          target={null}
          path={NO_PATH}
          expanded={NOTHING_EXPANDED}
          onChoose={(key) => {
            const node = graph.nodes.get(key)?.node;
            if (node) {
              location.hash = nodeHref(node.kind, node.id);
            }
          }}
        />
      )}
      <table class="steps" id="run-steps">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">State</th>
            <th scope="col">Started</th>
            <th scope="col">Took</th>
            <th scope="col">Outputs</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((step) => (
            <tr key={step.id} data-step={stepName(step)}>
              <th scope="row">
                <a href={nodeHref("EXECUTION", step.id)}>{stepName(step)}</a>
              </th>
              <td>
                <StateBadge state={step.state} />
                <CachedFrom step={step} origins={origins} />
              </td>
              <td>{formatTime(step.createTime)}</td>
              <td>{step.state === "CACHED" ? "" : formatDuration(duration(step))}</td>
              <td>
                {step.events
                  .filter((event) => event.type === "OUTPUT")
                  .map((event) => (
                    <NodeLink key={event.artifact.id} node={event.artifact} />
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function duration(step: RunStep): number | null {
  return step.createTime != null && step.lastUpdateTime != null ? step.lastUpdateTime - step.createTime : null;
}

/** For each cached step's original execution, the run it belongs to (looked up once per page). */
function useCachedOrigins(run: RunDetails): Map<number, RunRef | null> {
  const [origins, setOrigins] = useState(new Map<number, RunRef | null>());
  useEffect(() => {
    let current = true;
    const originals = [...new Set(run.steps.map(cachedFrom).filter((id): id is number => id != null))];
    Promise.all(
      originals.map((original) =>
        executionRuns(client, original).then(
          (runs) => [original, runs[0] ?? null] as const,
          () => [original, null] as const,
        ),
      ),
    ).then((found) => current && setOrigins(new Map(found)));
    return () => {
      current = false;
    };
  }, [run]);
  return origins;
}

function CachedFrom({ step, origins }: { step: RunStep; origins: Map<number, RunRef | null> }) {
  const original = cachedFrom(step);
  if (original == null) {
    return null;
  }
  const origin = origins.get(original);
  return (
    <span class="cached-from">
      {" "}
      computed by <a href={nodeHref("EXECUTION", original)}>execution {original}</a>
      {origin && (
        <>
          {" "}
          in run{" "}
          <a href={formatRoute({ page: "run", id: origin.id })} title={origin.name}>
            {runTitle(origin)}
          </a>
        </>
      )}
    </span>
  );
}

function Parameters({ run }: { run: RunDetails }) {
  if (run.parameters.length === 0) {
    return null;
  }
  return (
    <section>
      <h2>Parameters</h2>
      <table class="properties" id="run-parameters">
        <tbody>
          {run.parameters.map((p) => (
            <tr key={p.name}>
              <th scope="row">{p.name}</th>
              <td>{formatJson(p.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The runs this one is linked with: the KFP run whose step logged an MLflow run, nested runs. */
function LinkedRuns({ run }: { run: RunDetails }) {
  if (run.linkedRuns.length === 0) {
    return null;
  }
  return (
    <section>
      <h2>Linked runs</h2>
      <ul class="linked-runs" id="linked-runs">
        {run.linkedRuns.map((linked) => (
          <li key={linked.id} data-run={linked.id}>
            <span class="kind">{runKind(linked.context.typeName)}</span>{" "}
            <a href={formatRoute({ page: "run", id: linked.id })}>{runTitle(linked)}</a>
            {linked.pipeline ? ` of ${linked.pipeline}` : ""} <StateBadge state={linked.state} />{" "}
            <span class="time">{formatTime(linked.startTime)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Metrics({ run }: { run: RunDetails }) {
  if (run.metrics.length === 0) {
    return null;
  }
  // Only MLflow runs log a value per step; a KFP run's metrics have one value each.
  const histories = run.context.typeName === MLFLOW_RUN ? [...new Set(run.metrics.map((m) => m.name))] : [];
  return (
    <section>
      <h2>Metrics</h2>
      <table class="properties" id="run-metrics">
        <tbody>
          {run.metrics.map((m) => (
            <tr key={`${m.qualifiedName}-${m.source.id}`} data-metric={m.qualifiedName}>
              <th scope="row">
                {m.qualifiedName}{" "}
                <span class="direction" title={m.lowerIsBetter ? "lower is better" : "higher is better"}>
                  {m.lowerIsBetter ? "↓" : "↑"}
                </span>
              </th>
              <td class="number">{formatNumber(m.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {histories.length > 0 && (
        <div class="charts" id="metric-histories">
          {histories.map((metric) => (
            <HistoryChart key={metric} runId={run.id} metric={metric} />
          ))}
        </div>
      )}
    </section>
  );
}

/** Classification metrics drawn; HTML and Markdown reports named with where they are. */
function Results({ run }: { run: RunDetails }) {
  const outputs = outputsOf(run);
  const classifications = outputs
    .filter((a) => a.typeName === "system.ClassificationMetrics")
    .map((a) => ({ artifact: a, metrics: classificationOf(a) }));
  const reports = outputs.filter((a) => a.typeName === "system.HTML" || a.typeName === "system.Markdown");
  return (
    <>
      {classifications.map(({ artifact, metrics }) => (
        <section key={artifact.id} class="result">
          <h2>
            Classification: <NodeLink node={artifact} />
          </h2>
          {metrics ? (
            <ClassificationView name={artifact.displayName ?? `artifact ${artifact.id}`} metrics={metrics} />
          ) : (
            <p class="message">It holds no confusion matrix or ROC curve in the shape KFP writes.</p>
          )}
        </section>
      ))}
      {reports.length > 0 && (
        <section>
          <h2>Reports</h2>
          <ul class="reports">
            {reports.map((report) => (
              <li key={report.id}>
                <NodeLink node={report} /> {report.typeName === "system.HTML" ? "an HTML page" : "a Markdown page"} at{" "}
                <code>{report.uri}</code> (its content stays in your artifact store)
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
