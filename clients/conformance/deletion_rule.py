"""The deletion rule of docs/lifecycle.md, written a second time from the page, over MLMD's tables.

An oracle for test_deletion_properties.py: it reads the rows of a database (SQLite through sqlite3,
MariaDB and PostgreSQL through their command-line clients) and decides, for all runs at once, what deleting them
removes. Mnemos' own implementation (store.DeletionRule) is not consulted.
"""

import os
import sqlite3
import subprocess

import mnemos_harness

INPUT_TYPES = {2, 3, 5}  # DECLARED_INPUT, INPUT, INTERNAL_INPUT; everything else counts as a write


def rows(database, sql):
  """The rows of a query on a conftest.Database, as tuples (numbers as ints, NULL as None)."""
  if database.backend == "sqlite":
    with sqlite3.connect(database.path) as connection:
      return [tuple(row) for row in connection.execute(sql)]
  if database.backend == "mariadb":
    s = mnemos_harness.mysql_settings()
    out = subprocess.run(
        ["mariadb", "-h", s["host"], "-P", str(s["port"]), "-u", s["user"], "-p" + s["password"], "-B", "-N",
         database.name, "-e", sql], check=True, capture_output=True, text=True).stdout
  else:
    s = mnemos_harness.postgres_settings()
    out = subprocess.run(
        ["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-P", "null=NULL", "-h", s["host"], "-p", str(s["port"]),
         "-U", s["user"], "-d", database.name, "-c", sql],
        check=True, capture_output=True, text=True, env=dict(os.environ, PGPASSWORD=s["password"])).stdout
  return [tuple(_value(v) for v in line.split("\t")) for line in out.splitlines() if line]


def _value(text):
  if text == "NULL":
    return None
  return int(text) if text.lstrip("-").isdigit() else text


class Snapshot:
  """What the rule reads: types, contexts, memberships, parent links, events (with their ids)."""

  def __init__(self, database, run_types, protected_type, protected_property):
    type_names = {}
    t = database.table
    for type_id, kind, name in rows(database, "SELECT id, type_kind, name FROM %s" % t("Type")):
      type_names[type_id] = (kind, name)
    self.run_type_ids = {i for i, (kind, name) in type_names.items() if kind == 2 and name in run_types}
    self.context_type = dict(rows(database, "SELECT id, type_id FROM %s" % t("Context")))
    self.artifacts = {a for (a,) in rows(database, "SELECT id FROM %s" % t("Artifact"))}
    self.executions = {e for (e,) in rows(database, "SELECT id FROM %s" % t("Execution"))}
    self.contexts = set(self.context_type)
    self.attributions = rows(database, "SELECT context_id, artifact_id FROM %s" % t("Attribution"))
    self.associations = rows(database, "SELECT context_id, execution_id FROM %s" % t("Association"))
    self.parents = rows(database, "SELECT context_id, parent_context_id FROM %s" % t("ParentContext"))
    self.events = rows(database, "SELECT id, artifact_id, execution_id, type FROM %s ORDER BY id" % t("Event"))
    protected_type_ids = [i for i, (kind, name) in type_names.items() if kind == 1 and name == protected_type]
    self.protected = set()
    if protected_type_ids:
      self.protected = {a for (a,) in rows(
          database,
          "SELECT a.id FROM %s a JOIN %s p ON p.artifact_id = a.id"
          " WHERE a.type_id = %d AND p.name = '%s' AND p.is_custom_property AND p.bool_value"
          % (t("Artifact"), t("ArtifactProperty"), protected_type_ids[0], protected_property))}

  def is_run(self, context):
    return self.context_type.get(context) in self.run_type_ids

  def first_writers(self):
    writers = {}
    for _, artifact, execution, kind in self.events:
      if kind not in INPUT_TYPES:
        writers.setdefault(artifact, execution)
    return writers


def plan(snapshot, runs, protect):
  """(removed artifacts, removed executions, removed runs, retained runs) of deleting `runs`."""
  s = snapshot
  deleting = set(runs)
  frontier = set(runs)
  while frontier:
    children = {child for child, parent in s.parents if parent in frontier and s.is_run(child)} - deleting
    deleting |= children
    frontier = children
  runs_of_execution, runs_of_artifact = {}, {}
  for context, execution in s.associations:
    if s.is_run(context):
      runs_of_execution.setdefault(execution, set()).add(context)
  for context, artifact in s.attributions:
    if s.is_run(context):
      runs_of_artifact.setdefault(artifact, set()).add(context)

  def only_deleted(runs_of):
    return runs_of <= deleting

  executions = {e for e, of in runs_of_execution.items() if of & deleting and only_deleted(of)}
  origins = s.first_writers()
  artifacts = {a for a, of in runs_of_artifact.items() if of & deleting and only_deleted(of)}
  artifacts |= {a for a, e in origins.items() if e in executions and only_deleted(runs_of_artifact.get(a, set()))}

  kept_artifacts = (artifacts & s.protected) if protect else set()
  kept_executions = set()
  for _, artifact, execution, _ in s.events:
    if artifact in artifacts and execution not in executions:
      kept_artifacts.add(artifact)
  for artifact, origin in origins.items():
    if origin in executions and artifact not in artifacts:
      kept_executions.add(origin)
  inputs_of = {}
  for _, artifact, execution, kind in s.events:
    if kind not in {1, 4, 6, 7}:  # read: inputs and unknown
      inputs_of.setdefault(execution, set()).add(artifact)
  work = [("a", a) for a in kept_artifacts] + [("e", e) for e in kept_executions]
  while work:
    kind, node = work.pop()
    if kind == "a":
      origin = origins.get(node)
      if origin in executions and origin not in kept_executions:
        kept_executions.add(origin)
        work.append(("e", origin))
    else:
      for artifact in inputs_of.get(node, ()):
        if artifact in artifacts and artifact not in kept_artifacts:
          kept_artifacts.add(artifact)
          work.append(("a", artifact))
  removed_artifacts = artifacts - kept_artifacts
  removed_executions = executions - kept_executions

  retained = set()
  for context, execution in s.associations:
    if context in deleting and execution in kept_executions:
      retained.add(context)
  for context, artifact in s.attributions:
    if context in deleting and artifact in kept_artifacts:
      retained.add(context)
  grew = True
  while grew:
    grew = False
    for child, parent in s.parents:
      if parent in deleting and parent not in retained and s.is_run(child) and child in retained:
        retained.add(parent)
        grew = True
  return removed_artifacts, removed_executions, deleting - retained, retained
