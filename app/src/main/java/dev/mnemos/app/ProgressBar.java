package dev.mnemos.app;

/** A one-line progress bar for long commands, redrawn in place with a carriage return. */
final class ProgressBar {

  private static final int WIDTH = 40;

  private ProgressBar() {}

  /** E.g. {@code indexing [##### ] 50/100 50%}; {@code done} past {@code total} shows full. */
  static String of(String label, long done, long total) {
    long all = Math.max(1, total);
    long shown = Math.min(done, all);
    int filled = (int) (WIDTH * shown / all);
    return label
        + " ["
        + "#".repeat(filled)
        + " ".repeat(WIDTH - filled)
        + "] "
        + done
        + "/"
        + total
        + String.format(" %3d%%", 100 * shown / all);
  }
}
