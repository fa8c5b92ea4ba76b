package dev.mnemos.migrations;

import java.util.Optional;

/**
 * The built-in `mlmd.*` types that every MLMD database holds. User types name one of them as their
 * base type; listings of user types leave them out.
 */
public enum SimpleType {
  DATASET("mlmd.Dataset", NodeKind.ARTIFACT),
  MODEL("mlmd.Model", NodeKind.ARTIFACT),
  METRICS("mlmd.Metrics", NodeKind.ARTIFACT),
  STATISTICS("mlmd.Statistics", NodeKind.ARTIFACT),
  TRAIN("mlmd.Train", NodeKind.EXECUTION),
  TRANSFORM("mlmd.Transform", NodeKind.EXECUTION),
  PROCESS("mlmd.Process", NodeKind.EXECUTION),
  EVALUATE("mlmd.Evaluate", NodeKind.EXECUTION),
  DEPLOY("mlmd.Deploy", NodeKind.EXECUTION);

  private final String typeName;
  private final NodeKind kind;

  SimpleType(String typeName, NodeKind kind) {
    this.typeName = typeName;
    this.kind = kind;
  }

  public String typeName() {
    return typeName;
  }

  public NodeKind kind() {
    return kind;
  }

  /** The simple type of that name, e.g. {@code DATASET} for "mlmd.Dataset". */
  public static Optional<SimpleType> byTypeName(String name) {
    for (SimpleType type : values()) {
      if (type.typeName.equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
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
