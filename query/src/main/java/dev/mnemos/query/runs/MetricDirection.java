package dev.mnemos.query.runs;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;

/**
 * Which way a metric is better. Lower is better when a word of its name (split at anything but
 * letters and digits: {@code val_loss}, {@code rmse.test}, {@code error-rate}) is one of {@code
 * lowerWords}; the step that recorded it does not count ({@code error_analysis.accuracy} is better
 * high). A query may name metrics outright either way, by name or by step and name, which wins.
 * Everything else is better higher (accuracy, auc, f1, precision, recall).
 *
 * @param lowerWords words that make a metric better low
 * @param lower metrics better low in this question, by name or by {@code step.name}
 * @param higher metrics better high in this question, by name or by {@code step.name}
 */
public record MetricDirection(Set<String> lowerWords, Set<String> lower, Set<String> higher) {

  public MetricDirection {
    lowerWords =
        Set.copyOf(lowerWords.stream().map(word -> word.toLowerCase(Locale.ROOT)).toList());
    lower = Set.copyOf(lower);
    higher = Set.copyOf(higher);
  }

  /** By words alone. */
  public static MetricDirection byWords(Set<String> lowerWords) {
    return new MetricDirection(lowerWords, Set.of(), Set.of());
  }

  /** The same words, with these metrics named outright for one question. */
  public MetricDirection naming(Set<String> lowerNames, Set<String> higherNames) {
    return new MetricDirection(lowerWords, lowerNames, higherNames);
  }

  public boolean lowerIsBetter(MetricKey key) {
    if (higher.contains(key.qualified())) {
      return false;
    }
    if (lower.contains(key.qualified())) {
      return true;
    }
    return lowerIsBetter(key.name());
  }

  /** By the metric's name alone (no step). */
  public boolean lowerIsBetter(String metric) {
    if (higher.contains(metric)) {
      return false;
    }
    if (lower.contains(metric)) {
      return true;
    }
    for (String word : metric.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (lowerWords.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Of the metrics a query named: lower is better when it is for one of them; by the words of the
   * name as given when the query names no recorded metric.
   */
  boolean lowerIsBetter(Collection<MetricKey> keys, String reference) {
    if (higher.contains(reference)) {
      return false;
    }
    if (lower.contains(reference)) {
      return true;
    }
    return keys.isEmpty() ? lowerIsBetter(reference) : keys.stream().anyMatch(this::lowerIsBetter);
  }
}
