package dev.mnemos.migrations;

/**
 * What a node is (an artifact, an execution or a context) and so what its type is: the one spelling
 * of node kind in every module, with the code MLMD stores in the `Type` table's `type_kind` column.
 */
public enum NodeKind {
  EXECUTION(0),
  ARTIFACT(1),
  CONTEXT(2);

  private final long code;

  NodeKind(long code) {
    this.code = code;
  }

  public long code() {
    return code;
  }

  /** The kind stored as {@code code}; a code MLMD does not define is a broken row. */
  public static NodeKind ofCode(long code) {
    for (NodeKind kind : values()) {
      if (kind.code == code) {
        return kind;
      }
    }
    throw new IllegalArgumentException("no node kind has the code " + code);
  }
}
