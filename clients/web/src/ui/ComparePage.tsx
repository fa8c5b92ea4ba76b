import { compareRuns, runPage } from "../api/queries";
import type { RunDetails } from "../api/types";
import { alignInputs, alignSteps, pipelinesOf } from "../model/compare";
import { formatJson, formatNumber, runTitle } from "../model/format";
import { formatRoute } from "../model/routes";
import { client } from "./client";
import { NodeLink, StateBadge } from "./links";
import { ErrorMessage, Loading } from "./Message";
import { MetricChart } from "./MetricChart";
import { useLoad } from "./useLoad";

/**
 * Runs side by side: parameters that differ stand out, each metric's best and worst are marked,
 * then what became of each step and which inputs (dataset versions) each run started from.
 */
export function ComparePage({ runIds }: { runIds: number[] }) {
  const loaded = useLoad(() => compareRuns(client, runIds), [runIds.join(",")]);
  // The steps come from each run's own page query: a compare holds at most 50 runs.
  const details = useLoad(() => Promise.all(runIds.map((id) => runPage(client, id))), [runIds.join(",")]);
  if (runIds.length < 2) {
    return (
      <div class="message" role="status">
        Pick two or more runs on the <a href={formatRoute({ page: "runs", pipeline: null })}>runs page</a> to compare
        them.
      </div>
    );
  }
  if (loaded.status === "loading") {
    return <Loading what="the runs" />;
  }
  if (loaded.status === "failed") {
    return <ErrorMessage error={loaded.error} what="the runs" />;
  }
  const { runs, parameters, metrics } = loaded.value;
  const names = runs.map((run) => runTitle(run));
  const pipelines = pipelinesOf(runs);
  return (
    <section class="compare-page">
      <h1>Comparing {runs.length} runs</h1>
      {pipelines.length > 1 && (
        <div class="message warning" role="status" id="compare-pipelines">
          These runs belong to different pipelines ({pipelines.join(", ")}): parameters and metrics of the same name may
          not mean the same.
        </div>
      )}
      <div class="table-scroll">
        <table class="compare" id="compare-table">
          <thead>
            <tr>
              <th scope="col" />
              {runs.map((run) => (
                <th scope="col" key={run.id}>
                  <a href={formatRoute({ page: "run", id: run.id })} title={run.name}>
                    {runTitle(run)}
                  </a>{" "}
                  <StateBadge state={run.state} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {parameters.length > 0 && (
              <tr class="section">
                <th scope="rowgroup" colSpan={runs.length + 1}>
                  Parameters
                </th>
              </tr>
            )}
            {parameters.map((parameter) => (
              <tr key={`p:${parameter.name}`} class={parameter.differs ? "differs" : undefined}>
                <th scope="row">{parameter.name}</th>
                {parameter.values.map((value, i) =>
                  value == null ? (
                    <td key={i} class="missing" title="not set in this run">
                      —
                    </td>
                  ) : (
                    <td key={i}>{formatJson(value)}</td>
                  ),
                )}
              </tr>
            ))}
            {metrics.length > 0 && (
              <tr class="section">
                <th scope="rowgroup" colSpan={runs.length + 1}>
                  Metrics
                </th>
              </tr>
            )}
            {metrics.map((metric) => (
              <tr key={`m:${metric.name}`}>
                <th scope="row" title={metric.lowerIsBetter ? "lower is better" : "higher is better"}>
                  {metric.name} <span class="direction">{metric.lowerIsBetter ? "↓" : "↑"}</span>
                </th>
                {metric.values.map((value, i) => (
                  <td
                    key={i}
                    class={
                      value != null && value === metric.best
                        ? "number best"
                        : value != null && value === metric.worst
                          ? "number worst"
                          : "number"
                    }
                  >
                    {formatNumber(value)}
                  </td>
                ))}
              </tr>
            ))}
            {details.status === "done" && <StepRows runs={details.value} />}
          </tbody>
        </table>
      </div>
      {details.status === "loading" && <Loading what="the runs' steps" />}
      {details.status === "failed" && <ErrorMessage error={details.error} what="the runs' steps" />}
      <div class="charts">
        {metrics.map((metric) => (
          <MetricChart key={metric.name} name={metric.name} runs={names} values={metric.values} />
        ))}
      </div>
    </section>
  );
}

/** The steps' outcomes and the inputs each run started from, as rows of the comparison. */
function StepRows({ runs }: { runs: (RunDetails | null)[] }) {
  const present = runs.filter((run): run is RunDetails => run != null);
  if (present.length !== runs.length) {
    return null;
  }
  const steps = alignSteps(present);
  const inputs = alignInputs(present);
  return (
    <>
      {inputs.length > 0 && (
        <tr class="section">
          <th scope="rowgroup" colSpan={runs.length + 1}>
            Inputs
          </th>
        </tr>
      )}
      {inputs.map((input) => (
        <tr key={`i:${input.name}`} class={input.differs ? "differs" : undefined} data-input={input.name}>
          <th scope="row">{input.name}</th>
          {input.artifacts.map((artifact, i) => (
            <td key={i} title={artifact?.uri ?? "no such input in this run"}>
              {artifact ? <NodeLink node={artifact} /> : "—"}
            </td>
          ))}
        </tr>
      ))}
      {steps.length > 0 && (
        <tr class="section">
          <th scope="rowgroup" colSpan={runs.length + 1}>
            Steps
          </th>
        </tr>
      )}
      {steps.map((step) => (
        <tr key={`s:${step.name}`} class={step.differs ? "differs" : undefined} data-step={step.name}>
          <th scope="row">{step.name}</th>
          {step.outcomes.map((outcome, i) => (
            <td key={i}>{outcome == null ? "—" : outcome.includes(" ") ? outcome : <StateBadge state={outcome} />}</td>
          ))}
        </tr>
      ))}
    </>
  );
}
