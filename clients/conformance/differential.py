"""Differential testing engine: one sequence of MLMD calls, applied to two implementations.

A sequence is plain data (tuples of strings, numbers, lists), so a shrunk counterexample can be
stored verbatim as a regression case. Operations name earlier nodes by ordinal (the k-th artifact
created so far); each implementation resolves ordinals to its own ids. Answers are normalised so
that two correct implementations give equal results: ids become first-seen ordinals (MySQL leaves
id gaps after failed inserts), timestamps are dropped (their order is checked through listings),
errors become their class name.
"""

import copy

from google.protobuf import any_pb2, wrappers_pb2
from google.protobuf import message as pb_message
from ml_metadata import errors
from ml_metadata.metadata_store import metadata_store
from ml_metadata.proto import metadata_store_pb2 as mlmd

KINDS = ("artifact", "execution", "context")
TYPE_NAMES = ("ta", "tb", "tc")
VERSIONS = (None, "v1")
URIS = ("u/a", "u/b", "u/c", "")
NAMES = ("na", "nb", "nc", "nd")
PROPERTY_KINDS = {"INT": mlmd.INT, "DOUBLE": mlmd.DOUBLE, "STRING": mlmd.STRING, "STRUCT": mlmd.STRUCT,
                  "PROTO": mlmd.PROTO, "BOOLEAN": mlmd.BOOLEAN}
ARTIFACT_STATES = ("PENDING", "LIVE", "DELETED", "ABANDONED")
EXECUTION_STATES = ("NEW", "RUNNING", "COMPLETE", "FAILED", "CACHED")
EVENT_TYPES = ("INPUT", "OUTPUT", "DECLARED_INPUT", "DECLARED_OUTPUT", "INTERNAL_OUTPUT")
ORDER_FIELDS = {"ID": metadata_store.OrderByField.ID, "CREATE_TIME": metadata_store.OrderByField.CREATE_TIME,
                "UPDATE_TIME": metadata_store.OrderByField.UPDATE_TIME}
ID_FIELDS = {"artifact_id": "artifact", "execution_id": "execution", "context_id": "context",
             "child_id": "context", "parent_id": "context"}
TIME_FIELDS = ("create_time_since_epoch", "last_update_time_since_epoch", "milliseconds_since_epoch")
NODE_NAMESPACE = {"Artifact": "artifact", "Execution": "execution", "Context": "context",
                  "ArtifactType": "artifact_type", "ExecutionType": "execution_type", "ContextType": "context_type"}
TYPE_NAMESPACE = {"Artifact": "artifact_type", "Execution": "execution_type", "Context": "context_type"}


def value(spec):
  """A property value from its spec: ("INT", 3), ("STRUCT", {...}), ("PROTO", "text"), ..."""
  kind, raw = spec
  result = mlmd.Value()
  if kind == "INT":
    result.int_value = raw
  elif kind == "DOUBLE":
    result.double_value = raw
  elif kind == "STRING":
    result.string_value = raw
  elif kind == "STRUCT":
    result.struct_value.update(raw)
  elif kind == "PROTO":
    packed = any_pb2.Any()
    packed.Pack(wrappers_pb2.StringValue(value=raw))
    result.proto_value.CopyFrom(packed)
  elif kind == "BOOLEAN":
    result.bool_value = raw
  return result


class Runner:
  """Applies operations to one implementation (a MetadataStore client), keeping its ordinals."""

  def __init__(self, store):
    self.store = store
    self.ordinals = {namespace: [] for namespace in KINDS + tuple(kind + "_type" for kind in KINDS)}

  # --- ids and ordinals -------------------------------------------------------------------------

  def seen(self, namespace, real_id):
    ids = self.ordinals[namespace]
    if real_id not in ids:
      ids.append(real_id)
    return ids.index(real_id)

  def real(self, namespace, ordinal):
    ids = self.ordinals[namespace]
    return ids[ordinal] if ordinal < len(ids) else 10_000_000 + ordinal

  def type_id(self, kind, ordinal):
    return self.real(kind + "_type", ordinal)

  # --- building requests ------------------------------------------------------------------------

  def node(self, kind, spec, existing=None):
    proto = {"artifact": mlmd.Artifact, "execution": mlmd.Execution, "context": mlmd.Context}[kind]()
    if existing is not None:
      proto.id = self.real(kind, existing)
    if spec.get("type") is not None:
      proto.type_id = self.type_id(kind, spec["type"])
    if spec.get("name") is not None:
      proto.name = spec["name"]
    if spec.get("external_id") is not None:
      proto.external_id = spec["external_id"]
    if kind == "artifact" and spec.get("uri") is not None:
      proto.uri = spec["uri"]
    if spec.get("state") is not None:
      if kind == "artifact":
        proto.state = mlmd.Artifact.State.Value(spec["state"])
      elif kind == "execution":
        proto.last_known_state = mlmd.Execution.State.Value(spec["state"])
    for name, property_spec in spec.get("properties", ()):
      proto.properties[name].CopyFrom(value(property_spec))
    for name, property_spec in spec.get("custom", ()):
      proto.custom_properties[name].CopyFrom(value(property_spec))
    return proto

  def event(self, spec):
    event = mlmd.Event(type=mlmd.Event.Type.Value(spec["type"]))
    if spec.get("artifact") is not None:
      event.artifact_id = self.real("artifact", spec["artifact"])
    if spec.get("execution") is not None:
      event.execution_id = self.real("execution", spec["execution"])
    for step in spec.get("path", ()):
      if isinstance(step, int):
        event.path.steps.add().index = step
      else:
        event.path.steps.add().key = step
    return event

  # --- operations -------------------------------------------------------------------------------

  def apply(self, op):
    """Runs one operation; returns its normalised answer or the class name of its error."""
    try:
      return self.normalise(getattr(self, "op_" + op[0])(*op[1:]))
    except errors.StatusError as e:
      return type(e).__name__

  def op_put_type(self, kind, name, version, properties, can_add, can_omit, base):
    proto = {"artifact": mlmd.ArtifactType, "execution": mlmd.ExecutionType, "context": mlmd.ContextType}[kind](name=name)
    if version is not None:
      proto.version = version
    for property_name, property_kind in properties:
      proto.properties[property_name] = PROPERTY_KINDS[property_kind]
    if base is not None and kind == "artifact":
      proto.base_type = mlmd.ArtifactType.SystemDefinedBaseType.Value(base)
    if base is not None and kind == "execution":
      proto.base_type = mlmd.ExecutionType.SystemDefinedBaseType.Value(base)
    if base is not None and kind == "context":
      proto.base_type = mlmd.ContextType.SystemDefinedBaseType.Value(base)
    put = getattr(self.store, "put_%s_type" % kind)
    return (kind + "_type", put(proto, can_add_fields=can_add, can_omit_fields=can_omit))

  def op_put_nodes(self, kind, specs):
    nodes = [self.node(kind, spec, spec.get("update")) for spec in specs]
    mask = next((spec["mask"] for spec in specs if spec.get("mask")), None)
    put = getattr(self.store, "put_%ss" % kind)
    return (kind, put(nodes, field_mask_paths=mask) if mask else put(nodes))

  def op_put_events(self, specs):
    self.store.put_events([self.event(spec) for spec in specs])
    return None

  def op_put_execution(self, execution, pairs, contexts, flags):
    reuse_context, reuse_artifact, force_reuse, force_update = flags
    artifact_event_pairs = []
    for artifact, event in pairs:
      artifact_proto = None
      if artifact is not None:
        artifact_proto = self.node("artifact", artifact, artifact.get("update"))
      artifact_event_pairs.append((artifact_proto, self.event(event) if event is not None else None))
    context_protos = [self.node("context", context, context.get("update")) for context in contexts]
    execution_id, artifact_ids, context_ids = self.store.put_execution(
        self.node("execution", execution, execution.get("update")), artifact_event_pairs, context_protos,
        reuse_context_if_already_exist=reuse_context, reuse_artifact_if_already_exist_by_external_id=reuse_artifact,
        force_reuse_context=force_reuse, force_update_time=force_update)
    return (("execution", [execution_id]), ("artifact", [a for a in artifact_ids if a >= 0]), ("context", context_ids))

  def op_put_lineage_subgraph(self, executions, artifacts, contexts, edges, flags):
    reuse_context, reuse_artifact = flags
    event_edges = [(e, a, mlmd.Event(type=mlmd.Event.Type.Value(t))) for e, a, t in edges]
    execution_ids, artifact_ids, context_ids = self.store.put_lineage_subgraph(
        [self.node("execution", s, s.get("update")) for s in executions],
        [self.node("artifact", s, s.get("update")) for s in artifacts],
        [self.node("context", s, s.get("update")) for s in contexts],
        event_edges, reuse_context_if_already_exist=reuse_context,
        reuse_artifact_if_already_exist_by_external_id=reuse_artifact)
    return (("execution", execution_ids), ("artifact", artifact_ids), ("context", context_ids))

  def op_put_membership(self, attributions, associations):
    self.store.put_attributions_and_associations(
        [mlmd.Attribution(context_id=self.real("context", c), artifact_id=self.real("artifact", a)) for c, a in attributions],
        [mlmd.Association(context_id=self.real("context", c), execution_id=self.real("execution", e)) for c, e in associations])
    return None

  def op_put_parent(self, child, parent):
    self.store.put_parent_contexts([mlmd.ParentContext(child_id=self.real("context", child),
                                                       parent_id=self.real("context", parent))])
    return None

  def op_list(self, kind, order, ascending, limit, filter_query):
    options = metadata_store.ListOptions(limit=limit, order_by=ORDER_FIELDS[order], is_asc=ascending,
                                         filter_query=filter_query)
    return getattr(self.store, "get_%ss" % kind)(list_options=options)

  def op_list_all(self, kind):
    return sorted(getattr(self.store, "get_%ss" % kind)(), key=lambda n: n.id)

  def op_by_type(self, kind, name, version):
    return sorted(getattr(self.store, "get_%ss_by_type" % kind)(name, version), key=lambda n: n.id)

  def op_by_type_and_name(self, kind, type_name, name, version):
    return getattr(self.store, "get_%s_by_type_and_name" % kind)(type_name, name, version)

  def op_by_id(self, kind, ordinals):
    return sorted(getattr(self.store, "get_%ss_by_id" % kind)([self.real(kind, o) for o in ordinals]),
                  key=lambda n: n.id)

  def op_by_uri(self, uri):
    return sorted(self.store.get_artifacts_by_uri(uri), key=lambda n: n.id)

  def op_by_external_ids(self, kind, external_ids):
    return sorted(getattr(self.store, "get_%ss_by_external_ids" % kind)(external_ids), key=lambda n: n.id)

  def op_types(self, kind):
    return sorted(getattr(self.store, "get_%s_types" % kind)(), key=lambda t: t.id)

  def op_type(self, kind, name, version):
    return getattr(self.store, "get_%s_type" % kind)(name, version)

  def op_contexts_of(self, kind, ordinal):
    return sorted(getattr(self.store, "get_contexts_by_%s" % kind)(self.real(kind, ordinal)), key=lambda n: n.id)

  def op_by_context(self, kind, context, order, ascending, limit, filter_query):
    options = metadata_store.ListOptions(limit=limit, order_by=ORDER_FIELDS[order], is_asc=ascending,
                                         filter_query=filter_query)
    return getattr(self.store, "get_%ss_by_context" % kind)(self.real("context", context), list_options=options)

  def op_events(self, kind, ordinals):
    # The order is part of what is compared: MLMD answers in its index order.
    return getattr(self.store, "get_events_by_%s_ids" % kind)([self.real(kind, o) for o in ordinals])

  def op_hierarchy(self, parents, context):
    get = self.store.get_parent_contexts_by_context if parents else self.store.get_children_contexts_by_context
    return sorted(get(self.real("context", context)), key=lambda n: n.id)

  def op_lineage(self, from_artifacts, filter_query, hops, direction):
    options = mlmd.LineageSubgraphQueryOptions(max_num_hops=hops)
    start = options.starting_artifacts if from_artifacts else options.starting_executions
    start.filter_query = filter_query
    options.direction = mlmd.LineageSubgraphQueryOptions.Direction.Value(direction)
    graph = self.store.get_lineage_subgraph(options)
    return (sorted(graph.artifacts, key=lambda n: n.id), sorted(graph.executions, key=lambda n: n.id),
            sorted(graph.contexts, key=lambda n: n.id),
            sorted(graph.events, key=lambda e: (e.artifact_id, e.execution_id, e.type)))

  # --- normalising answers ----------------------------------------------------------------------

  def normalise(self, answer):
    if answer is None or isinstance(answer, (int, float, str, bool)):
      return answer
    if isinstance(answer, tuple) and len(answer) == 2 and answer[0] in self.ordinals:
      namespace, ids = answer
      return (namespace, [self.seen(namespace, i) for i in ids] if isinstance(ids, list) else self.seen(namespace, ids))
    if isinstance(answer, (list, tuple)):
      return [self.normalise(item) for item in answer]
    if isinstance(answer, pb_message.Message):
      return self.message(answer)
    raise TypeError("cannot normalise %r" % (answer,))

  def message(self, proto):
    proto = copy.deepcopy(proto)
    self.rewrite(proto)
    return proto.SerializeToString(deterministic=True)

  def rewrite(self, proto):
    namespace = NODE_NAMESPACE.get(proto.DESCRIPTOR.name)
    for field, field_value in list(proto.ListFields()):
      if field.name in TIME_FIELDS:
        proto.ClearField(field.name)
      elif field.name == "id" and namespace:
        proto.id = self.seen(namespace, field_value)
      elif field.name == "type_id" and proto.DESCRIPTOR.name in TYPE_NAMESPACE:
        proto.type_id = self.seen(TYPE_NAMESPACE[proto.DESCRIPTOR.name], field_value)
      elif field.name in ID_FIELDS and field.type == field.TYPE_INT64:
        setattr(proto, field.name, self.seen(ID_FIELDS[field.name], field_value))
      elif field.message_type is not None:
        if field.message_type.GetOptions().map_entry:
          for entry in field_value.values():
            if isinstance(entry, pb_message.Message):
              self.rewrite(entry)
        elif field.label == field.LABEL_REPEATED:
          for item in field_value:
            self.rewrite(item)
        else:
          self.rewrite(field_value)


def outcome(answer):
  """How an answer counts in the run's figures: an error class, 'empty' or 'answered'."""
  if isinstance(answer, str):
    return answer
  return "empty" if answer == [] else "answered"


def run(sequence, oracle_store, mnemos_store, outcomes=None):
  """Applies the sequence to both; returns the first mismatch as (index, op, oracle, mnemos) or None.

  outcomes, if given, is a collections.Counter of (operation, outcome) that this run adds to.
  """
  oracle, candidate = Runner(oracle_store), Runner(mnemos_store)
  for index, op in enumerate(sequence):
    expected = oracle.apply(op)
    actual = candidate.apply(op)
    if outcomes is not None:
      outcomes[(op[0], outcome(expected))] += 1
    if expected != actual:
      return index, op, expected, actual
  return None
