import { compareRuns } from "../api/queries";
import { pipelinesOf } from "../model/compare";
import { formatJson, formatNumber } from "../model/format";
import { formatRoute } from "../model/routes";
import { client } from "./client";
import { StateBadge } from "./links";
import { ErrorMessage, Loading } from "./Message";
import { MetricChart } from "./MetricChart";
import { useLoad } from "./useLoad";

/** Runs side by side: parameters that differ stand out, each metric's best and worst are marked. */
export function ComparePage({ runIds }: { runIds: number[] }) {
  const loaded = useLoad(() => compareRuns(client, runIds), [runIds.join(",")]);
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
  const names = runs.map((run) => run.name);
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
                  <a href={formatRoute({ page: "node", kind: "CONTEXT", id: run.id })}>{run.name}</a>{" "}
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
          </tbody>
        </table>
      </div>
      <div class="charts">
        {metrics.map((metric) => (
          <MetricChart key={metric.name} name={metric.name} runs={names} values={metric.values} />
        ))}
      </div>
    </section>
  );
}
