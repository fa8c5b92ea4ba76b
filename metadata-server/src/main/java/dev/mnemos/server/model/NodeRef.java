package dev.mnemos.server.model;

import dev.mnemos.migrations.NodeKind;
import java.util.Comparator;

/** The key of a node: ids are unique per kind only, so a node is named by both. */
public record NodeRef(NodeKind kind, long id) implements Comparable<NodeRef> {

  private static final Comparator<NodeRef> ORDER =
      Comparator.comparing(NodeRef::kind).thenComparingLong(NodeRef::id);

  public static NodeRef artifact(long id) {
    return new NodeRef(NodeKind.ARTIFACT, id);
  }

  public static NodeRef execution(long id) {
    return new NodeRef(NodeKind.EXECUTION, id);
  }

  public static NodeRef context(long id) {
    return new NodeRef(NodeKind.CONTEXT, id);
  }

  @Override
  public int compareTo(NodeRef other) {
    return ORDER.compare(this, other);
  }
}
