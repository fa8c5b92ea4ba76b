package dev.mnemos.server.store;

import com.google.protobuf.Message;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.schema.NodeTable;
import java.util.function.Function;

/** One node kind's storage and its conversions to and from its proto message. */
record NodeBinding<P extends Message>(
    NodeRepository repository,
    NodeWriter writer,
    Function<P, Node> fromProto,
    Function<Node, P> toProto) {

  static <P extends Message> NodeBinding<P> of(
      NodeTable table, TypeService types, Function<P, Node> fromProto, Function<Node, P> toProto) {
    NodeRepository repository = new NodeRepository(table);
    return new NodeBinding<>(repository, new NodeWriter(repository, types), fromProto, toProto);
  }
}
