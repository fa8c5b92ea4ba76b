package dev.mnemos.server.model;

import dev.mnemos.migrations.NodeKind;
import java.util.List;

/**
 * What a {@link LineageQuery} reached: the nodes kept (in kind then id order), the events followed
 * between them, whether the node limit cut the walk short, and the frontier (nodes kept but not yet
 * walked from) a client may expand next.
 */
public record Subgraph(
    List<Node> nodes, List<LineageEvent> events, boolean truncated, List<NodeRef> frontier) {

  public List<Node> nodes(NodeKind kind) {
    return nodes.stream().filter(node -> node.kind() == kind).toList();
  }
}
