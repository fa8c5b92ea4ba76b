package dev.mnemos.server.store;

import static dev.mnemos.migrations.jooq.Tables.EVENT;
import static dev.mnemos.migrations.jooq.Tables.EVENTPATH;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.server.change.StoreChange.EventAdded;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.LineageEvent;
import dev.mnemos.server.model.LineageEvent.PathStep;
import dev.mnemos.server.scope.ReadScope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SortField;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * Reads and writes `Event` rows and their `EventPath` steps (kept in insertion order). Reads answer
 * only the events whose both ends the scope sees.
 */
final class EventRepository {

  private final ReadScope scope;

  EventRepository(ReadScope scope) {
    this.scope = scope;
  }

  /** Inserts a validated event; a second (artifact, execution, type) is ALREADY_EXISTS. */
  void insert(WriteTransaction tx, Event event, long now) {
    DSLContext sql = tx.sql();
    long id;
    try {
      id =
          sql.insertInto(EVENT)
              .set(EVENT.ARTIFACT_ID, event.getArtifactId())
              .set(EVENT.EXECUTION_ID, event.getExecutionId())
              .set(EVENT.TYPE, (long) event.getType().getNumber())
              .set(
                  EVENT.MILLISECONDS_SINCE_EPOCH,
                  event.hasMillisecondsSinceEpoch() ? event.getMillisecondsSinceEpoch() : now)
              .returningResult(EVENT.ID)
              .fetchOne(EVENT.ID);
    } catch (IntegrityConstraintViolationException e) {
      throw StoreException.alreadyExists(
          "Given event already exists: artifact_id "
              + event.getArtifactId()
              + ", execution_id "
              + event.getExecutionId()
              + ", type "
              + event.getType());
    }
    tx.record(new EventAdded(event.getArtifactId(), event.getExecutionId()));
    for (Event.Path.Step step : event.getPath().getStepsList()) {
      boolean isIndex = step.getValueCase() == Event.Path.Step.ValueCase.INDEX;
      sql.insertInto(EVENTPATH)
          .set(EVENTPATH.EVENT_ID, id)
          .set(EVENTPATH.IS_INDEX_STEP, isIndex)
          .set(EVENTPATH.STEP_INDEX, isIndex ? step.getIndex() : null)
          .set(EVENTPATH.STEP_KEY, isIndex ? null : step.getKey())
          .execute();
    }
  }

  List<LineageEvent> byIds(DSLContext sql, Collection<Long> eventIds) {
    return inChunks(eventIds, chunk -> load(sql, EVENT.ID.in(chunk), List.of(EVENT.ID.asc())));
  }

  List<LineageEvent> byArtifactIds(DSLContext sql, Collection<Long> artifactIds) {
    return inChunks(
        artifactIds,
        chunk ->
            load(
                sql,
                EVENT.ARTIFACT_ID.in(chunk),
                List.of(EVENT.ARTIFACT_ID.asc(), EVENT.EXECUTION_ID.asc(), EVENT.TYPE.asc())));
  }

  List<LineageEvent> byExecutionIds(DSLContext sql, Collection<Long> executionIds) {
    return inChunks(
        executionIds,
        chunk ->
            load(
                sql,
                EVENT.EXECUTION_ID.in(chunk),
                List.of(EVENT.EXECUTION_ID.asc(), EVENT.ID.asc())));
  }

  /**
   * Any number of ids, a statement per chunk in ascending id order, so the answer keeps the order
   * each lookup sorts by first.
   */
  private static List<LineageEvent> inChunks(
      Collection<Long> ids, Function<List<Long>, List<LineageEvent>> lookup) {
    List<LineageEvent> found = new ArrayList<>();
    for (List<Long> chunk : IdChunks.of(new TreeSet<>(ids))) {
      found.addAll(lookup.apply(chunk));
    }
    return found;
  }

  /**
   * Events in the given order. MLMD answers lookups in the order of the index its query uses: by
   * artifact, execution and type for artifact ids (the unique key), by execution then id for
   * execution ids; clients see that order, so it is kept.
   */
  private List<LineageEvent> load(
      DSLContext sql, Condition condition, List<SortField<Long>> order) {
    var rows =
        sql.selectFrom(EVENT)
            .where(
                condition,
                scope.visible(NodeKind.ARTIFACT, EVENT.ARTIFACT_ID),
                scope.visible(NodeKind.EXECUTION, EVENT.EXECUTION_ID))
            .orderBy(order)
            .fetch();
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<Long, List<PathStep>> steps = new HashMap<>();
    for (List<Long> chunk : IdChunks.of(rows.getValues(EVENT.ID))) {
      sql.selectFrom(EVENTPATH)
          .where(EVENTPATH.EVENT_ID.in(chunk))
          .forEach(
              p ->
                  steps
                      .computeIfAbsent(p.getEventId(), id -> new ArrayList<>())
                      .add(
                          Boolean.TRUE.equals(p.getIsIndexStep())
                              ? new PathStep(p.getStepIndex(), null)
                              : new PathStep(null, p.getStepKey())));
    }
    List<LineageEvent> events = new ArrayList<>(rows.size());
    for (var row : rows) {
      events.add(
          new LineageEvent(
              row.getId(),
              row.getArtifactId(),
              row.getExecutionId(),
              typeOf(row.getType()),
              List.copyOf(steps.getOrDefault(row.getId(), List.of())),
              row.getMillisecondsSinceEpoch()));
    }
    return events;
  }

  private static Event.Type typeOf(long code) {
    Event.Type type = Event.Type.forNumber((int) code);
    return type == null ? Event.Type.UNKNOWN : type;
  }
}
