"""Shrunk counterexamples found by test_differential.py, kept as regression cases (data, not code).

Each entry is an operation sequence in differential.py's vocabulary; the comment says what
Mnemos answered differently from the MLMD library before the fix.
"""


def _node(type_ordinal, **fields):
  spec = {"type": type_ordinal, "name": None, "external_id": None, "uri": None, "state": None,
          "properties": [], "custom": []}
  spec.update(fields)
  return spec


_SETUP = [("put_type", "artifact", "ta", None, [("p0", "STRING")], False, False, None),
          ("put_type", "execution", "ta", None, [], False, False, None),
          ("put_type", "context", "ta", None, [], False, False, None)]

SEQUENCES = [
    # An incompatible re-put with base_type UNSET: ALREADY_EXISTS (properties are checked before
    # the base type), not UNIMPLEMENTED.
    _SETUP + [("put_type", "artifact", "ta", None, [("p0", "INT")], False, False, "UNSET")],
    # A node of an unknown type: NOT_FOUND, not INVALID_ARGUMENT.
    [("put_nodes", "artifact", [_node(0)])],
    # An invalid filter on a context without members answers empty.
    _SETUP + [("put_nodes", "context", [_node(0, name="na")]),
              ("by_context", "artifact", 0, "ID", False, 1, "last_known_state = NEW")],
    # A context type with base_type UNSET is UNIMPLEMENTED, as for the other kinds.
    [("put_type", "context", "ta", None, [], False, False, "UNSET")],
    # put_lineage_subgraph checks every node before writing: a bad property wins over a duplicate
    # new context.
    _SETUP + [("put_lineage_subgraph", [_node(0)], [_node(0, properties=[("p0", ("INT", 0))])],
               [_node(0, name="na"), _node(0, name="na")], [], (False, False))],
    # ... artifacts before executions ...
    _SETUP + [("put_lineage_subgraph", [_node(1)], [_node(0, properties=[("p0", ("INT", 0))])], [], [], (False, False))],
    # ... and within a kind, every type before any property.
    _SETUP + [("put_lineage_subgraph", [_node(0)], [_node(0)],
               [_node(0, name="na", properties=[("p0", ("INT", 0))]), _node(1, name="na")], [], (False, False))],
    # put_execution: a context given by id still needs its type_id unless force-reused (found by
    # the 10,000-sequence run).
    _SETUP + [("put_nodes", "context", [_node(0, name="na")]),
              ("put_execution", _node(0), [], [dict(_node(None, name="na"), update=0, mask=None)],
               (False, False, False, False))],
    # ... and an unknown type is NOT_FOUND before an empty name is INVALID_ARGUMENT.
    _SETUP + [("put_execution", _node(0), [], [_node(1, name="")], (False, False, False, False))],
    # ... each context when its turn comes: an unknown execution type is found first ...
    _SETUP + [("put_nodes", "context", [_node(0, name="na")]),
              ("put_execution", _node(1), [], [dict(_node(None, name="na"), update=0, mask=None)],
               (False, False, False, False))],
    # ... and a duplicate new context before a later context's missing type_id.
    _SETUP + [("put_nodes", "context", [_node(0, name="na")]),
              ("put_execution", _node(0), [], [_node(0, name="na"), dict(_node(None, name="na"), update=0, mask=None)],
               (False, False, False, False))],
    # ... and a context given by id with another (here unknown) type_id is INVALID_ARGUMENT, the
    # type compared with the stored one before any lookup (found by the second long run).
    _SETUP + [("put_nodes", "context", [_node(0, name="na")]),
              ("put_execution", _node(0), [], [dict(_node(1, name="na"), update=0, mask=None)],
               (False, False, False, False))],
    # put_lineage_subgraph: the same check for a context given by id.
    _SETUP + [("put_nodes", "context", [_node(0, name="na")]),
              ("put_lineage_subgraph", [_node(0)], [_node(0)], [dict(_node(None, name="na"), update=0)], [],
               (False, False))],
]
