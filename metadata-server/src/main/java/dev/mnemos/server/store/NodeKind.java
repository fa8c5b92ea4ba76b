package dev.mnemos.server.store;

import com.google.protobuf.Message;
import dev.mnemos.server.schema.NodeTable;
import java.util.function.Function;

/** One node kind's storage and its conversions to and from its proto message. */
record NodeKind<P extends Message>(
    NodeRepository repository,
    NodeWriter writer,
    Function<P, NodeData> fromProto,
    Function<NodeData, P> toProto) {

  static <P extends Message> NodeKind<P> of(
      NodeTable table,
      TypeService types,
      Function<P, NodeData> fromProto,
      Function<NodeData, P> toProto) {
    NodeRepository repository = new NodeRepository(table);
    return new NodeKind<>(repository, new NodeWriter(repository, types), fromProto, toProto);
  }
}
