import { Chart, LinearScale, LineElement, PointElement, ScatterController, Tooltip } from "chart.js";
import { useEffect, useRef } from "preact/hooks";
import type { Classification } from "../model/runSteps";

Chart.register(ScatterController, PointElement, LineElement, LinearScale, Tooltip);

/**
 * A `system.ClassificationMetrics` artifact as KFP's UI shows it: the confusion matrix (true label
 * down, predicted label across, cells shaded by their share of the row) and the ROC curve.
 */
export function ClassificationView({ name, metrics }: { name: string; metrics: Classification }) {
  return (
    <div class="classification">
      {metrics.rows.length > 0 && <ConfusionMatrix name={name} metrics={metrics} />}
      {metrics.roc.length > 0 && <RocCurve name={name} points={metrics.roc} />}
    </div>
  );
}

function ConfusionMatrix({ name, metrics }: { name: string; metrics: Classification }) {
  return (
    <table class="confusion" aria-label={`Confusion matrix of ${name}`}>
      <caption>Confusion matrix</caption>
      <thead>
        <tr>
          <th scope="col">True label ↓ / Predicted →</th>
          {metrics.labels.map((label) => (
            <th scope="col" key={label}>
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {metrics.rows.map((row, i) => {
          const total = row.reduce((sum, n) => sum + n, 0) || 1;
          return (
            <tr key={metrics.labels[i]}>
              <th scope="row">{metrics.labels[i]}</th>
              {row.map((count, j) => (
                <td
                  key={j}
                  class={`number share-${Math.min(4, Math.floor((count / total) * 5))}${i === j ? " diagonal" : ""}`}
                >
                  {count}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function RocCurve({ name, points }: { name: string; points: Classification["roc"] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current == null) {
      return;
    }
    const chart = new Chart(canvas.current, {
      type: "scatter",
      data: {
        datasets: [
          {
            label: "ROC",
            data: points.map((p) => ({ x: p.falsePositiveRate, y: p.recall })),
            showLine: true,
            borderColor: "#3b6fb6",
            backgroundColor: "#3b6fb6",
          },
        ],
      },
      options: {
        animation: false,
        responsive: false,
        plugins: {
          tooltip: {
            callbacks: { label: (item) => `threshold ${points[item.dataIndex].threshold}` },
          },
        },
        scales: {
          x: { min: 0, max: 1, title: { display: true, text: "False positive rate" } },
          y: { min: 0, max: 1, title: { display: true, text: "Recall (true positive rate)" } },
        },
      },
    });
    return () => chart.destroy();
  }, [points]);
  return (
    <figure class="roc">
      <canvas ref={canvas} width={320} height={240} role="img" aria-label={`ROC curve of ${name}`} />
      <figcaption>ROC curve</figcaption>
    </figure>
  );
}
