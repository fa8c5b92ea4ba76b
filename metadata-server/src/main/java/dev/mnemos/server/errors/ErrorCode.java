package dev.mnemos.server.errors;

/**
 * Why a store operation failed, in MLMD's vocabulary. Each transport maps these once: gRPC to the
 * status code of the same name, which is what the official clients turn into their error classes.
 */
public enum ErrorCode {
  INVALID_ARGUMENT,
  NOT_FOUND,
  ALREADY_EXISTS,
  FAILED_PRECONDITION,
  /** Retryable: a deadlock, a lock wait timeout, a concurrent creation of the same row. */
  ABORTED,
  OUT_OF_RANGE,
  /** A query asks for more than the server's limits allow (depth, complexity, time). */
  RESOURCE_EXHAUSTED,
  UNIMPLEMENTED,
  /** The caller may not do this: a write into a namespace it may not write. */
  PERMISSION_DENIED,
  /**
   * Retryable: the database cannot be reached, or no connection was free in time, or its disk
   * refuses writes.
   */
  UNAVAILABLE,
  INTERNAL,
  DATA_LOSS
}
