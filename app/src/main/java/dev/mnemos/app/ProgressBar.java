package dev.mnemos.app;

import java.io.PrintStream;

/**
 * A one-line progress bar for long commands, redrawn in place with a carriage return, at most ten
 * times a second and once more when the work is done: a redraw per step would write megabytes into
 * a log or fill the pipe of a caller that reads it only at the end.
 */
final class ProgressBar {

  private static final int WIDTH = 40;
  private static final long REDRAW_NANOS = 100_000_000;

  private final PrintStream out;
  private final String label;
  private long drawnAt;
  private boolean drawn;

  ProgressBar(PrintStream out, String label) {
    this.out = out;
    this.label = label;
  }

  /** Shows {@code done} of {@code total}, unless the bar was drawn moments ago. */
  void show(long done, long total) {
    long now = System.nanoTime();
    if (drawn && done < total && now - drawnAt < REDRAW_NANOS) {
      return;
    }
    out.print("\r" + of(label, done, total));
    drawnAt = now;
    drawn = true;
  }

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
