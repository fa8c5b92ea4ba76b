package dev.mnemos.server.health;

import java.util.Optional;

/**
 * One thing the server needs in order to serve (the database, its disk, the search index): what is
 * wrong with it now, if anything. Checks run on the health thread, never on a request's.
 */
@FunctionalInterface
public interface HealthCheck {

  /** Empty when fine; otherwise one line saying what is wrong. */
  Optional<String> problem();
}
