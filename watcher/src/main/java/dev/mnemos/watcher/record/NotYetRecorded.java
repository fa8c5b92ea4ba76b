package dev.mnemos.watcher.record;

/** What a step refers to is not in the store yet; recording it later will succeed. */
public final class NotYetRecorded extends RuntimeException {

  NotYetRecorded(String what) {
    super("not recorded yet: " + what);
  }
}
