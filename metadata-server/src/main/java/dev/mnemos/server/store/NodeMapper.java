package dev.mnemos.server.store;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.server.model.Node;

/** Converts between the three node messages and {@link Node}; unset fields become null. */
final class NodeMapper {

  private NodeMapper() {}

  static Node fromProto(Artifact a) {
    return new Node(
        NodeKind.ARTIFACT,
        a.hasId() ? a.getId() : null,
        a.hasTypeId() ? a.getTypeId() : null,
        null,
        a.hasName() ? a.getName() : null,
        a.hasExternalId() ? a.getExternalId() : null,
        a.hasUri() ? a.getUri() : null,
        a.hasState() ? (long) a.getState().getNumber() : null,
        null,
        a.hasLastUpdateTimeSinceEpoch() ? a.getLastUpdateTimeSinceEpoch() : null,
        a.getPropertiesMap(),
        a.getCustomPropertiesMap());
  }

  static Node fromProto(Execution e) {
    return new Node(
        NodeKind.EXECUTION,
        e.hasId() ? e.getId() : null,
        e.hasTypeId() ? e.getTypeId() : null,
        null,
        e.hasName() ? e.getName() : null,
        e.hasExternalId() ? e.getExternalId() : null,
        null,
        e.hasLastKnownState() ? (long) e.getLastKnownState().getNumber() : null,
        null,
        e.hasLastUpdateTimeSinceEpoch() ? e.getLastUpdateTimeSinceEpoch() : null,
        e.getPropertiesMap(),
        e.getCustomPropertiesMap());
  }

  static Node fromProto(Context c) {
    return new Node(
        NodeKind.CONTEXT,
        c.hasId() ? c.getId() : null,
        c.hasTypeId() ? c.getTypeId() : null,
        null,
        c.hasName() ? c.getName() : null,
        c.hasExternalId() ? c.getExternalId() : null,
        null,
        null,
        null,
        c.hasLastUpdateTimeSinceEpoch() ? c.getLastUpdateTimeSinceEpoch() : null,
        c.getPropertiesMap(),
        c.getCustomPropertiesMap());
  }

  static Artifact toArtifact(Node n) {
    Artifact.Builder a =
        Artifact.newBuilder()
            .setId(n.storedId())
            .setTypeId(n.storedTypeId())
            .setCreateTimeSinceEpoch(n.storedCreateTime())
            .setLastUpdateTimeSinceEpoch(n.storedUpdateTime())
            .putAllProperties(n.properties())
            .putAllCustomProperties(n.customProperties());
    if (n.typeName() != null) {
      a.setType(n.typeName());
    }
    if (n.name() != null) {
      a.setName(n.name());
    }
    if (n.externalId() != null) {
      a.setExternalId(n.externalId());
    }
    if (n.uri() != null) {
      a.setUri(n.uri());
    }
    if (n.state() != null) {
      Artifact.State state = Artifact.State.forNumber(n.state().intValue());
      a.setState(state == null ? Artifact.State.UNKNOWN : state);
    }
    return a.build();
  }

  static Execution toExecution(Node n) {
    Execution.Builder e =
        Execution.newBuilder()
            .setId(n.storedId())
            .setTypeId(n.storedTypeId())
            .setCreateTimeSinceEpoch(n.storedCreateTime())
            .setLastUpdateTimeSinceEpoch(n.storedUpdateTime())
            .putAllProperties(n.properties())
            .putAllCustomProperties(n.customProperties());
    if (n.typeName() != null) {
      e.setType(n.typeName());
    }
    if (n.name() != null) {
      e.setName(n.name());
    }
    if (n.externalId() != null) {
      e.setExternalId(n.externalId());
    }
    if (n.state() != null) {
      Execution.State state = Execution.State.forNumber(n.state().intValue());
      e.setLastKnownState(state == null ? Execution.State.UNKNOWN : state);
    }
    return e.build();
  }

  static Context toContext(Node n) {
    Context.Builder c =
        Context.newBuilder()
            .setId(n.storedId())
            .setTypeId(n.storedTypeId())
            .setCreateTimeSinceEpoch(n.storedCreateTime())
            .setLastUpdateTimeSinceEpoch(n.storedUpdateTime())
            .putAllProperties(n.properties())
            .putAllCustomProperties(n.customProperties());
    if (n.typeName() != null) {
      c.setType(n.typeName());
    }
    if (n.name() != null) {
      c.setName(n.name());
    }
    if (n.externalId() != null) {
      c.setExternalId(n.externalId());
    }
    return c.build();
  }
}
