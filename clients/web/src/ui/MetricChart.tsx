import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";
import { useEffect, useRef } from "preact/hooks";
import { axisRange } from "../model/compare";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** One metric across the compared runs, one bar per run. */
export function MetricChart({ name, runs, values }: { name: string; runs: string[]; values: (number | null)[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current == null) {
      return;
    }
    const chart = new Chart(canvas.current, {
      type: "bar",
      data: {
        labels: runs,
        datasets: [{ label: name, data: values, backgroundColor: "#3b6fb6" }],
      },
      options: {
        animation: false,
        responsive: false,
        plugins: { tooltip: { enabled: true } },
        scales: { y: { beginAtZero: false, ...axisRange(values) } },
      },
    });
    return () => chart.destroy();
  }, [name, runs.join("\u0000"), values.join(",")]);
  return (
    <figure class="metric-chart">
      <canvas ref={canvas} width={360} height={200} role="img" aria-label={`${name} by run`} data-metric={name} />
      <figcaption>{name}</figcaption>
    </figure>
  );
}
