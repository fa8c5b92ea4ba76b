import { useEffect, useMemo, useState } from "preact/hooks";
import { ApiError } from "../api/graphql";
import { metricNames, pipelines, runs, type RunsQuery } from "../api/queries";
import type { Run } from "../api/types";
import { formatDuration, formatJson, formatNumber, formatTime, runTitle } from "../model/format";
import { formatRoute, type Route } from "../model/routes";
import {
  columnKey,
  columnOfKey,
  columnsOf,
  defaultHidden,
  filterByName,
  hiddenColumnsKey,
  lowerIsBetter,
  metricValue,
  parameterValue,
  parseMetricFilter,
  parseParameterFilter,
  parseHidden,
  sortRuns,
  unknownMetrics,
  type Column,
  type MetricPredicate,
  type ParameterPredicate,
  type Sort,
} from "../model/runsTable";
import { client } from "./client";
import { StateBadge } from "./links";
import { ErrorMessage, Loading } from "./Message";
import { useLoad } from "./useLoad";

const PAGE = 200;
/** What a run can be: its steps' states rolled up (a cached step counts as complete). */
const STATES = ["COMPLETE", "FAILED", "RUNNING", "CANCELED", "NEW"];

/** The server's order for a sort, so pages come in that order too (other columns sort locally). */
function serverOrder(sort: Sort): RunsQuery["orderBy"] {
  const direction = sort.ascending ? "ASC" : "DESC";
  switch (sort.column.kind) {
    case "metric":
      return { field: "METRIC", metric: sort.column.name, direction };
    case "name":
      return { field: "NAME", direction };
    default:
      return { field: "START_TIME", direction: "DESC" };
  }
}

/**
 * Runs of a pipeline with their state, times, parameters and metrics; pick some to compare. The
 * state filter, metric filter and sort live in the URL, so a view can be linked to and reloaded.
 */
export function RunsPage({ route }: { route: Extract<Route, { page: "runs" }> }) {
  const pipeline = route.pipeline;
  const names = useLoad(() => pipelines(client), []);
  const [sort, setSort] = useState<Sort>(() => ({
    column: (route.sort ? columnOfKey(route.sort) : null) ?? { kind: "start" },
    ascending: route.ascending ?? false,
  }));
  const [state, setState] = useState(route.state ?? "");
  const [nameFilter, setNameFilter] = useState("");
  const [metricText, setMetricText] = useState(route.metrics ?? "");
  const [metricFilter, setMetricFilter] = useState<MetricPredicate[]>(() => {
    try {
      return parseMetricFilter(route.metrics ?? "");
    } catch {
      return [];
    }
  });
  const [parameterText, setParameterText] = useState(route.parameters ?? "");
  const [parameterFilter, setParameterFilter] = useState<ParameterPredicate[]>(() => {
    try {
      return parseParameterFilter(route.parameters ?? "");
    } catch {
      return [];
    }
  });
  // The columns the user hid, or null for the table's defaults (which follow the runs loaded).
  const [chosenHidden, setHidden] = useState<Set<string> | null>(() =>
    parseHidden(route.hidden ?? localStorage.getItem(hiddenColumnsKey(pipeline))),
  );
  const [filterError, setFilterError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState<Run[]>([]);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [chosen, setChosen] = useState<number[]>([]);
  const order = serverOrder(sort);

  function query(after: string | null): RunsQuery {
    return {
      pipeline: pipeline ?? undefined,
      orderBy: order,
      states: state ? [state] : undefined,
      metricFilter: metricFilter.length > 0 ? metricFilter : undefined,
      parameterFilter: parameterFilter.length > 0 ? parameterFilter : undefined,
      first: PAGE,
      after,
    };
  }

  function load(after: string | null) {
    setLoading(true);
    setError(null);
    runs(client, query(after)).then(
      (page) => {
        setLoaded((previous) => (after ? [...previous, ...page.nodes] : page.nodes));
        setTotal(page.totalCount);
        setCursor(page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null);
        setLoading(false);
      },
      (e: unknown) => {
        const failure = e instanceof ApiError ? e : new ApiError(String(e), "ERROR");
        const filtered = metricFilter.length > 0 || parameterFilter.length > 0 || sort.column.kind === "metric";
        if (failure.code === "BAD_INPUT" && filtered) {
          // The server's word on a metric it cannot tell apart belongs where the metric was named.
          setFilterError(failure.message);
          setLoaded([]);
          setTotal(0);
        } else {
          setError(failure);
        }
        setLoading(false);
      },
    );
  }

  useEffect(
    () => load(null),
    [pipeline, state, JSON.stringify(metricFilter), JSON.stringify(parameterFilter), JSON.stringify(order)],
  );
  useEffect(() => {
    // The address follows the table without a new history entry per click.
    const here = formatRoute({
      page: "runs",
      pipeline,
      state: state || undefined,
      metrics: metricFilter.length > 0 ? metricText.trim() : undefined,
      parameters: parameterFilter.length > 0 ? parameterText.trim() : undefined,
      hidden: chosenHidden && chosenHidden.size > 0 ? [...chosenHidden].sort().join(",") : undefined,
      sort: columnKey(sort.column),
      ascending: sort.ascending,
    });
    if (location.hash !== here) {
      history.replaceState(null, "", here);
    }
  }, [
    pipeline,
    state,
    JSON.stringify(metricFilter),
    JSON.stringify(parameterFilter),
    [...(chosenHidden ?? [])].sort().join(","),
    columnKey(sort.column),
    sort.ascending,
  ]);

  function toggleColumn(key: string) {
    const next = new Set(hidden);
    if (!next.delete(key)) {
      next.add(key);
    }
    setHidden(next);
    // Remembered for this table, so the next visit opens with the same columns.
    localStorage.setItem(hiddenColumnsKey(pipeline), [...next].sort().join(","));
  }

  const all = useMemo(() => columnsOf(loaded), [loaded]);
  const defaults = useMemo(() => defaultHidden(loaded, pipeline), [loaded, pipeline]);
  const hidden = chosenHidden ?? defaults;
  const columns = {
    metrics: all.metrics.filter((name) => !hidden.has(columnKey({ kind: "metric", name }))),
    parameters: all.parameters.filter((name) => !hidden.has(columnKey({ kind: "parameter", name }))),
  };
  const shown = useMemo(() => sortRuns(filterByName(loaded, nameFilter), sort), [loaded, nameFilter, sort]);

  function sortBy(column: Column) {
    const same = columnKey(column) === columnKey(sort.column);
    // Metrics read best first (lowest first when better low); names and parameters from A.
    const firstAscending =
      column.kind === "name" ||
      column.kind === "parameter" ||
      (column.kind === "metric" && lowerIsBetter(loaded, column.name));
    setSort({ column, ascending: same ? !sort.ascending : firstAscending });
  }

  async function applyFilters(event: Event) {
    event.preventDefault();
    let metrics: MetricPredicate[];
    let parameters: ParameterPredicate[];
    try {
      metrics = parseMetricFilter(metricText);
      parameters = parseParameterFilter(parameterText);
    } catch (e) {
      setFilterError((e as Error).message);
      return;
    }
    setMetricFilter(metrics);
    setParameterFilter(parameters);
    setFilterError(metrics.length > 0 ? unknownMetrics(metrics, await metricNames(client, pipeline)) : null);
  }

  function header(column: Column, label: string) {
    const active = columnKey(column) === columnKey(sort.column);
    return (
      <th
        scope="col"
        key={columnKey(column)}
        class={column.kind === "name" ? "run-name" : undefined}
        aria-sort={active ? (sort.ascending ? "ascending" : "descending") : "none"}
      >
        <button type="button" class="sort" data-column={columnKey(column)} onClick={() => sortBy(column)}>
          {label}
          {active ? (sort.ascending ? " ▲" : " ▼") : ""}
        </button>
      </th>
    );
  }

  return (
    <section class="runs-page">
      <h1>Runs{pipeline ? ` of ${pipeline}` : ""}</h1>
      <form class="filters" onSubmit={(event) => void applyFilters(event)}>
        <label>
          Pipeline{" "}
          <select
            id="runs-pipeline"
            value={pipeline ?? ""}
            onChange={(e) => {
              const value = (e.target as HTMLSelectElement).value;
              location.hash = formatRoute({ page: "runs", pipeline: value || null });
            }}
          >
            <option value="">All pipelines</option>
            {names.status === "done" &&
              names.value.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
          </select>
        </label>
        <label>
          State{" "}
          <select value={state} onChange={(e) => setState((e.target as HTMLSelectElement).value)}>
            <option value="">Any</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Name contains{" "}
          <input
            type="search"
            value={nameFilter}
            onInput={(e) => setNameFilter((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Metrics{" "}
          <input
            id="runs-metric-filter"
            type="text"
            placeholder="accuracy > 0.9"
            value={metricText}
            onInput={(e) => setMetricText((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Parameters{" "}
          <input
            id="runs-parameter-filter"
            type="text"
            placeholder="learning_rate < 0.1"
            value={parameterText}
            onInput={(e) => setParameterText((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit">Filter</button>
        {filterError && (
          <span class="message error inline" role="alert">
            {filterError}
          </span>
        )}
      </form>
      <details class="columns" id="runs-columns">
        <summary>Columns{hidden.size > 0 ? ` (${hidden.size} hidden)` : ""}</summary>
        <fieldset>
          {[
            ...all.metrics.map((name) => ({ kind: "metric" as const, name })),
            ...all.parameters.map((name) => ({ kind: "parameter" as const, name })),
          ].map((column) => (
            <label key={columnKey(column)}>
              <input
                type="checkbox"
                data-column={columnKey(column)}
                checked={!hidden.has(columnKey(column))}
                onChange={() => toggleColumn(columnKey(column))}
              />{" "}
              {column.name} <span class="type">{column.kind}</span>
            </label>
          ))}
        </fieldset>
      </details>
      <div class="compare-bar">
        <span>
          {shown.length} of {total} runs shown
          {chosen.length > 0 ? `, ${chosen.length} selected` : ""}
        </span>
        <a
          id="compare-runs"
          class={chosen.length >= 2 ? "button" : "button disabled"}
          aria-disabled={chosen.length < 2}
          href={chosen.length >= 2 ? formatRoute({ page: "compare", runIds: chosen }) : undefined}
        >
          Compare selected runs
        </a>
      </div>
      {error && <ErrorMessage error={error} what="runs" />}
      {loading && loaded.length === 0 && <Loading what="runs" />}
      <div class="table-scroll">
        <table class="runs" id="runs-table">
          <thead>
            <tr>
              <th scope="col">
                <span class="visually-hidden">Select</span>
              </th>
              {header({ kind: "name" }, "Run")}
              {header({ kind: "state" }, "State")}
              {header({ kind: "start" }, "Started")}
              {header({ kind: "duration" }, "Duration")}
              {columns.metrics.map((name) => header({ kind: "metric", name }, name))}
              {columns.parameters.map((name) => header({ kind: "parameter", name }, name))}
            </tr>
          </thead>
          <tbody>
            {shown.map((run) => (
              <tr key={run.id} data-run={run.name}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${run.name}`}
                    checked={chosen.includes(run.id)}
                    onChange={(e) =>
                      setChosen(
                        (e.target as HTMLInputElement).checked
                          ? [...chosen, run.id]
                          : chosen.filter((id) => id !== run.id),
                      )
                    }
                  />
                </td>
                <th scope="row" class="run-name">
                  <a href={formatRoute({ page: "run", id: run.id })} title={run.name}>
                    {runTitle(run)}
                  </a>
                  {!pipeline && run.pipeline && <span class="type">{run.pipeline}</span>}
                </th>
                <td>
                  <StateBadge state={run.state} />
                </td>
                <td class="time">{formatTime(run.startTime)}</td>
                <td class="time">{formatDuration(run.durationMillis)}</td>
                {columns.metrics.map((name) => (
                  <td key={name} class="number" data-metric={name}>
                    {formatNumber(metricValue(run, name))}
                  </td>
                ))}
                {columns.parameters.map((name) => (
                  <td key={name}>{formatJson(parameterValue(run, name))}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {cursor && (
        <button type="button" onClick={() => load(cursor)} disabled={loading}>
          Load {PAGE} more
        </button>
      )}
    </section>
  );
}
