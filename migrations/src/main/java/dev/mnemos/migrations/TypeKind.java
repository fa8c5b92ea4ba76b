package dev.mnemos.migrations;

/** The kinds of rows in MLMD's `Type` table, with the codes stored in its `type_kind` column. */
public enum TypeKind {
  EXECUTION(0),
  ARTIFACT(1),
  CONTEXT(2);

  private final long code;

  TypeKind(long code) {
    this.code = code;
  }

  public long code() {
    return code;
  }
}
