package dev.mnemos.server.store;

/**
 * Another transaction wrote the same row between this one's check and its insert (servers sharing
 * MySQL, MariaDB or PostgreSQL write side by side); the whole write, tried again, finds the row and
 * succeeds. {@link Database#write} does that a few times before answering ABORTED.
 */
final class ConcurrentWriteConflict extends RuntimeException {

  ConcurrentWriteConflict(String message, Throwable cause) {
    super(message, cause);
  }
}
