package dev.mnemos.mlflow.store;

import java.util.Locale;

/**
 * One term of an experiment or registry search's {@code order_by}: a key, then {@code ASC} or
 * {@code DESC} in any case; ascending when neither.
 */
record SortTerm(String key, boolean ascending) {

  static SortTerm parse(String term) {
    String[] words = term.strip().split("\\s+");
    if (words.length > 2 || words[0].isEmpty()) {
      throw SearchFilter.invalid("Invalid order_by clause '" + term + "'. Could not be parsed.");
    }
    boolean ascending = true;
    if (words.length == 2) {
      String direction = words[1].toLowerCase(Locale.ROOT);
      if (!direction.equals("asc") && !direction.equals("desc")) {
        throw SearchFilter.invalid("Invalid ordering key in order_by clause '" + term + "'.");
      }
      ascending = direction.equals("asc");
    }
    return new SortTerm(words[0], ascending);
  }
}
