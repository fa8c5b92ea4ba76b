package dev.mnemos.mlflow.model;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A metric's history cut into buckets of equal count, in order; none when nothing was logged. */
public record HistorySummary(List<HistoryBucket> buckets) {

  /** How many values the buckets hold. */
  public int count() {
    return buckets.stream().mapToInt(HistoryBucket::count).sum();
  }

  /** The smallest value that is a number, if any. */
  public @Nullable Double min() {
    return buckets.stream()
        .map(HistoryBucket::min)
        .filter(Objects::nonNull)
        .min(Double::compare)
        .orElse(null);
  }

  /** The largest value that is a number, if any. */
  public @Nullable Double max() {
    return buckets.stream()
        .map(HistoryBucket::max)
        .filter(Objects::nonNull)
        .max(Double::compare)
        .orElse(null);
  }
}
