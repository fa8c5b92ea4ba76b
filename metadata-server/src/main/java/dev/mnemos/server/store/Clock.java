package dev.mnemos.server.store;

/** Milliseconds since the Unix epoch, the unit of every MLMD timestamp. */
@FunctionalInterface
interface Clock {
  Clock SYSTEM = System::currentTimeMillis;

  long now();
}
