package dev.mnemos.migrations;

/**
 * The database's schema cannot be served as it is. {@link #kind()} says why, in the terms MLMD uses
 * for the same situations, so a transport can answer with MLMD's status code.
 */
public final class SchemaException extends RuntimeException {

  /** Why the schema cannot be served. */
  public enum Kind {
    /** Newer than this server, or older and upgrading was not enabled, or too old to upgrade. */
    FAILED_PRECONDITION,
    /** Another process is creating the schema right now; trying again later may succeed. */
    ABORTED,
    /** The version table holds more than one row. */
    DATA_LOSS,
    /** A migration statement failed. */
    INTERNAL
  }

  private final Kind kind;

  public SchemaException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public SchemaException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
