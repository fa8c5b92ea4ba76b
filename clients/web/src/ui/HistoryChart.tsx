import { Chart, Filler, LinearScale, LineController, LineElement, PointElement, Tooltip } from "chart.js";
import { useEffect, useRef } from "preact/hooks";
import { metricHistory } from "../api/queries";
import { formatNumber } from "../model/format";
import { historySeries } from "../model/metricHistory";
import { client } from "./client";
import { ErrorMessage, Loading } from "./Message";
import { useLoad } from "./useLoad";

Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Tooltip);

/** At most this many points per chart: the server sums up longer histories. */
const POINTS = 300;

/** A run's history of one metric by step: the line of values, and the band of what each point sums up. */
export function HistoryChart({ runId, metric }: { runId: number; metric: string }) {
  const loaded = useLoad(() => metricHistory(client, runId, metric, POINTS), [runId, metric]);
  const canvas = useRef<HTMLCanvasElement>(null);
  const history = loaded.status === "done" ? loaded.value : null;
  useEffect(() => {
    if (canvas.current == null || history == null) {
      return;
    }
    const series = historySeries(history);
    const at = (values: (number | null)[]) => series.steps.map((x, i) => ({ x, y: values[i] }));
    const band = { pointRadius: 0, borderWidth: 0, backgroundColor: "rgba(59, 111, 182, 0.18)" };
    const chart = new Chart(canvas.current, {
      type: "line",
      data: {
        datasets: [
          { label: "largest", data: at(series.high), fill: "+1", ...band, hidden: !series.thinned },
          { label: "smallest", data: at(series.low), fill: false, ...band, hidden: !series.thinned },
          { label: metric, data: at(series.last), borderColor: "#3b6fb6", pointRadius: 0, borderWidth: 2 },
        ],
      },
      options: {
        animation: false,
        responsive: false,
        parsing: false,
        plugins: { tooltip: { enabled: true } },
        scales: { x: { type: "linear", title: { display: true, text: "step" } } },
      },
    });
    return () => chart.destroy();
  }, [history]);
  if (loaded.status === "loading") {
    return <Loading what={`History of ${metric}`} />;
  }
  if (loaded.status === "failed") {
    return <ErrorMessage error={loaded.error} what={`History of ${metric}`} />;
  }
  if (history == null || history.count === 0) {
    return null;
  }
  return (
    <figure class="metric-chart history-chart" data-history={metric}>
      <canvas
        ref={canvas}
        width={360}
        height={200}
        role="img"
        aria-label={`${metric} by step: ${history.count} values from ${formatNumber(history.min ?? null)} to ${formatNumber(history.max ?? null)}`}
      />
      <figcaption>
        {metric}: {history.count} values, {history.points.length} points
      </figcaption>
    </figure>
  );
}
