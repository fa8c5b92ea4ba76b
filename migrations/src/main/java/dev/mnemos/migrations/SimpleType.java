package dev.mnemos.migrations;

/**
 * The built-in `mlmd.*` types that every MLMD database holds. User types name one of them as their
 * base type; listings of user types leave them out.
 */
public enum SimpleType {
  DATASET("mlmd.Dataset", TypeKind.ARTIFACT),
  MODEL("mlmd.Model", TypeKind.ARTIFACT),
  METRICS("mlmd.Metrics", TypeKind.ARTIFACT),
  STATISTICS("mlmd.Statistics", TypeKind.ARTIFACT),
  TRAIN("mlmd.Train", TypeKind.EXECUTION),
  TRANSFORM("mlmd.Transform", TypeKind.EXECUTION),
  PROCESS("mlmd.Process", TypeKind.EXECUTION),
  EVALUATE("mlmd.Evaluate", TypeKind.EXECUTION),
  DEPLOY("mlmd.Deploy", TypeKind.EXECUTION);

  private final String typeName;
  private final TypeKind kind;

  SimpleType(String typeName, TypeKind kind) {
    this.typeName = typeName;
    this.kind = kind;
  }

  public String typeName() {
    return typeName;
  }

  public TypeKind kind() {
    return kind;
  }

  public static boolean isSimpleTypeName(String name) {
    for (SimpleType type : values()) {
      if (type.typeName.equals(name)) {
        return true;
      }
    }
    return false;
  }
}
