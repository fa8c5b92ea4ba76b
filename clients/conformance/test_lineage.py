"""GetLineageSubgraph: Mnemos answers as the MLMD library does on the same database.

The library writes a branching pipeline history; Mnemos serves that very database. Each query's raw
response (dehydrated nodes, events, contexts, attributions, associations, types) or error class
must agree with the library's.
"""

import itertools

import pytest
from ml_metadata import errors
from ml_metadata.proto import metadata_store_pb2 as mlmd
from ml_metadata.proto import metadata_store_service_pb2 as service

import conftest
import mnemos_harness

UP, DOWN, BOTH = (mlmd.LineageSubgraphQueryOptions.UPSTREAM, mlmd.LineageSubgraphQueryOptions.DOWNSTREAM,
                  mlmd.LineageSubgraphQueryOptions.BIDIRECTIONAL)


def write_graph(store):
  """Three runs of raw -> clean -> (train -> model, stats) with a shared schema, plus stragglers."""
  mnemos_harness.write_sample(store, runs=2)
  data = store.put_artifact_type(mlmd.ArtifactType(name="Data"))
  step = store.put_execution_type(mlmd.ExecutionType(name="Step"))
  run_type = store.put_context_type(mlmd.ContextType(name="Run"))
  [schema] = store.put_artifacts([mlmd.Artifact(type_id=data, uri="schema")])
  for run in range(3):
    raw, clean, model, stats = store.put_artifacts(
        [mlmd.Artifact(type_id=data, uri="%s/%d" % (kind, run)) for kind in ("raw", "clean", "model", "stats")])
    prep, train, evaluate = store.put_executions(
        [mlmd.Execution(type_id=step, name="%s-%d" % (kind, run), last_known_state=mlmd.Execution.COMPLETE)
         for kind in ("prep", "train", "eval")])
    events = [(raw, prep, mlmd.Event.INPUT), (schema, prep, mlmd.Event.INPUT), (clean, prep, mlmd.Event.OUTPUT),
              (clean, train, mlmd.Event.INPUT), (model, train, mlmd.Event.OUTPUT),
              (model, evaluate, mlmd.Event.INPUT), (clean, evaluate, mlmd.Event.INPUT),
              (stats, evaluate, mlmd.Event.DECLARED_OUTPUT)]
    store.put_events([mlmd.Event(artifact_id=a, execution_id=e, type=t) for a, e, t in events])
    [context] = store.put_contexts([mlmd.Context(type_id=run_type, name="lineage-run-%d" % run)])
    store.put_attributions_and_associations(
        [mlmd.Attribution(artifact_id=a, context_id=context) for a in (raw, model)],
        [mlmd.Association(execution_id=e, context_id=context) for e in (prep, train)])
  store.put_artifacts([mlmd.Artifact(type_id=data, uri="lonely")])


def request(start, filter_query, hops=None, direction=None, ending=None, mask=()):
  req = service.GetLineageSubgraphRequest()
  options = req.lineage_subgraph_query_options
  if start == "artifacts":
    options.starting_artifacts.filter_query = filter_query
  elif start == "executions":
    options.starting_executions.filter_query = filter_query
  if hops is not None:
    options.max_num_hops = hops
  if direction is not None:
    options.direction = direction
  if ending:
    kind, query, include = ending
    target = options.ending_artifacts if kind == "artifacts" else options.ending_executions
    target.filter_query = query
    target.include_ending_nodes = include
  req.read_mask.paths.extend(mask)
  return req


def answer(store, req):
  response = service.GetLineageSubgraphResponse()
  try:
    store._call("GetLineageSubgraph", req, response)
  except errors.StatusError as e:
    return type(e).__name__
  graph = response.lineage_subgraph
  return {
      "artifacts": sorted(a.SerializeToString() for a in graph.artifacts),
      "executions": sorted(e.SerializeToString() for e in graph.executions),
      "contexts": sorted(c.SerializeToString() for c in graph.contexts),
      "events": sorted((e.artifact_id, e.execution_id, e.type, e.path.SerializeToString()) for e in graph.events),
      "attributions": sorted((a.artifact_id, a.context_id) for a in graph.attributions),
      "associations": sorted((a.execution_id, a.context_id) for a in graph.associations),
      "artifact_types": sorted(t.name for t in graph.artifact_types),
      "execution_types": sorted(t.name for t in graph.execution_types),
      "context_types": sorted(t.name for t in graph.context_types),
  }


CASES = (
    [request("artifacts", "uri = 'clean/1'", hops, direction)
     for hops, direction in itertools.product([None, 0, 1, 2, 3, 4, 5, 1000], [None, UP, DOWN, BOTH])]
    + [request("executions", "name LIKE 'train-%'", hops, direction)
       for hops, direction in itertools.product([0, 1, 2, 3], [None, UP, DOWN])]
    + [request("artifacts", "uri = 'schema'", 2), request("artifacts", "uri = 'schema'"),
       request("artifacts", "uri LIKE 'model/%'", 3, UP), request("artifacts", "uri = 'lonely'", 5)]
    + [request("artifacts", "uri = 'raw/0'", None, DOWN, ending)
       for ending in [("executions", "name LIKE 'train-%'", False), ("executions", "name LIKE 'train-%'", True),
                      ("artifacts", "uri LIKE 'model/%'", False), ("artifacts", "uri LIKE 'model/%'", True),
                      ("artifacts", "uri = 'raw/0'", False), ("artifacts", "uri = 'raw/0'", True),
                      ("executions", "last_known_state = COMPLETE", True)]]
    + [request("artifacts", "uri = 'clean/2'", 2, None, None, mask)
       for mask in [["artifacts"], ["events", "executions"], ["contexts", "attributions", "associations"],
                    ["artifact_types", "context_types"], ["execution_types"]]]
    + [request("artifacts", "contexts_a.name = 'lineage-run-1'", 1),
       request("executions", "contexts_a.name = 'run-1'", 2)]
    # refused
    + [request(None, ""), request("artifacts", ""), request("artifacts", "uri = 'nothing'"),
       request("artifacts", "uri == 'x'"), request("artifacts", "uri = 'clean/1'", -1)]
)


@pytest.fixture(scope="module", params=mnemos_harness.backends_for_module())
def served(request, tmp_path_factory):
  database = conftest.Database(request.param, str(tmp_path_factory.mktemp("lineage")))
  library = database.library()
  write_graph(library)
  server = mnemos_harness.MnemosProcess(database.args)
  yield library, server.store()
  server.stop()
  database.drop()


@pytest.mark.parametrize("case", range(len(CASES)))
def test_same_subgraph_as_the_library(served, case):
  library, mnemos = served
  assert answer(mnemos, CASES[case]) == answer(library, CASES[case])


def test_official_client_rebuilds_full_nodes(served):
  library, mnemos = served
  options = mlmd.LineageSubgraphQueryOptions(max_num_hops=2)
  options.starting_artifacts.filter_query = "uri = 'clean/0'"
  expected = library.get_lineage_subgraph(options)
  actual = mnemos.get_lineage_subgraph(options)
  assert sorted(a.uri for a in actual.artifacts) == sorted(a.uri for a in expected.artifacts)
  assert sorted(e.name for e in actual.executions) == sorted(e.name for e in expected.executions)
