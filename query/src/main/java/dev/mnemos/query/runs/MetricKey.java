package dev.mnemos.query.runs;

/**
 * A metric as recorded: the step that recorded it (its task name, display name or component id;
 * empty when none is known) and its name. Two steps of one run that both record {@code loss} keep
 * two keys, {@code train.loss} and {@code evaluate.loss}.
 */
public record MetricKey(String step, String name) {

  /** {@code step.name}, or the name alone when the step is unknown. */
  public String qualified() {
    return step.isEmpty() ? name : step + "." + name;
  }
}
