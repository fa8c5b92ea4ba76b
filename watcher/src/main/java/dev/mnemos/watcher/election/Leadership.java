package dev.mnemos.watcher.election;

import java.time.Duration;

/**
 * How long this replica may still write to the store. Every write asks first and gives its call no
 * longer a deadline than this, so a replica whose lease is running out cannot write past it.
 */
@FunctionalInterface
public interface Leadership {

  /** A replica that stands for no election: it always writes. */
  Leadership UNCONTESTED = () -> Duration.ofDays(365);

  /** The time left to write; zero when this replica must not write. */
  Duration remaining();
}
