package dev.mnemos.watcher.election;

/** A write was refused before it was sent: this replica does not hold the lease (any more). */
public final class NotLeading extends RuntimeException {

  public NotLeading() {
    super("this replica does not hold the lease", null, false, false);
  }
}
