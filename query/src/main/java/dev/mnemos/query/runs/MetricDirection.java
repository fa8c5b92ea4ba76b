package dev.mnemos.query.runs;

import java.util.Locale;
import java.util.Set;

/**
 * Which way a metric is better. Lower is better when a word of its name (split at anything but
 * letters and digits: {@code val_loss}, {@code evaluate.rmse}, {@code error-rate}) is one of {@code
 * lowerWords}; a query may name metrics outright either way, which wins. Everything else is better
 * higher (accuracy, auc, f1, precision, recall).
 *
 * @param lowerWords words that make a metric better low
 * @param lower metrics better low in this question, by exact name
 * @param higher metrics better high in this question, by exact name
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

  /** The better of two values of {@code metric}. */
  public double better(String metric, double a, double b) {
    return lowerIsBetter(metric) ? Math.min(a, b) : Math.max(a, b);
  }
}
