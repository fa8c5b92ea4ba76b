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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SortField;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes `Event` rows and their `EventPath` steps (kept in insertion order). Reads answer
 * only the events whose both ends the scope sees.
 */
final class EventRepository {

  private final ReadScope scope;

  EventRepository(ReadScope scope) {
    this.scope = scope;
  }

  /**
   * Rows per multi-row insert: four values a row (an event or a path step), under SQLite's limit.
   */
  private static final int ROWS_PER_INSERT = 1000;

  /** Inserts one validated event; a second (artifact, execution, type) is ALREADY_EXISTS. */
  void insert(WriteTransaction tx, Event event, long now) {
    insertAll(tx, List.of(event), now);
  }

  /** An event's identity: MLMD allows one event per (artifact, execution, type). */
  private record EventKey(long artifact, long execution, long type) {
    static EventKey of(Event event) {
      return new EventKey(
          event.getArtifactId(), event.getExecutionId(), event.getType().getNumber());
    }
  }

  /**
   * Inserts validated events and their paths: one multi-row insert of the events, one lookup of
   * their ids (only when some event has a path) and one insert of the paths, however many events a
   * call brings. A second (artifact, execution, type), in the store or in the call, is
   * ALREADY_EXISTS naming the first such event, as when they were inserted one by one.
   */
  void insertAll(WriteTransaction tx, List<Event> events, long now) {
    if (events.isEmpty()) {
      return;
    }
    DSLContext sql = tx.sql();
    for (int from = 0; from < events.size(); from += ROWS_PER_INSERT) {
      List<Event> chunk = events.subList(from, Math.min(events.size(), from + ROWS_PER_INSERT));
      var insert =
          sql.insertInto(
              EVENT,
              EVENT.ARTIFACT_ID,
              EVENT.EXECUTION_ID,
              EVENT.TYPE,
              EVENT.MILLISECONDS_SINCE_EPOCH);
      for (Event event : chunk) {
        insert =
            insert.values(
                event.getArtifactId(),
                event.getExecutionId(),
                (long) event.getType().getNumber(),
                event.hasMillisecondsSinceEpoch() ? event.getMillisecondsSinceEpoch() : now);
      }
      try {
        Savepoints.execute(sql, insert);
      } catch (IntegrityConstraintViolationException e) {
        // The statement is undone, the transaction goes on: say which event is the repeat.
        throw alreadyExists(firstRepeat(sql, events, from, e));
      }
    }
    events.forEach(
        event -> tx.record(new EventAdded(event.getArtifactId(), event.getExecutionId())));
    List<Event> withPaths = events.stream().filter(e -> e.getPath().getStepsCount() > 0).toList();
    if (withPaths.isEmpty()) {
      return;
    }
    Map<EventKey, Long> ids = idsOf(sql, withPaths);
    List<PathRow> steps = new ArrayList<>();
    for (Event event : withPaths) {
      long id =
          Objects.requireNonNull(ids.get(EventKey.of(event)), "an event just inserted is stored");
      for (Event.Path.Step step : event.getPath().getStepsList()) {
        boolean isIndex = step.getValueCase() == Event.Path.Step.ValueCase.INDEX;
        steps.add(
            new PathRow(
                id,
                isIndex,
                isIndex ? (Long) step.getIndex() : null,
                isIndex ? null : step.getKey()));
      }
    }
    for (int from = 0; from < steps.size(); from += ROWS_PER_INSERT) {
      var insert =
          sql.insertInto(
              EVENTPATH,
              EVENTPATH.EVENT_ID,
              EVENTPATH.IS_INDEX_STEP,
              EVENTPATH.STEP_INDEX,
              EVENTPATH.STEP_KEY);
      for (PathRow step : steps.subList(from, Math.min(steps.size(), from + ROWS_PER_INSERT))) {
        insert = insert.values(step.eventId(), step.isIndex(), step.index(), step.key());
      }
      insert.execute();
    }
  }

  /** One step of an event's path, as its row: an index or a key. */
  private record PathRow(
      long eventId, boolean isIndex, @Nullable Long index, @Nullable String key) {}

  /** The ids the store gave the events, by their identity. */
  private static Map<EventKey, Long> idsOf(DSLContext sql, List<Event> events) {
    Map<EventKey, Long> ids = new HashMap<>();
    List<Long> executions = events.stream().map(Event::getExecutionId).distinct().toList();
    List<Long> artifacts = events.stream().map(Event::getArtifactId).distinct().toList();
    for (List<Long> executionChunk : IdChunks.of(executions)) {
      for (List<Long> artifactChunk : IdChunks.of(artifacts)) {
        sql.select(EVENT.ID, EVENT.ARTIFACT_ID, EVENT.EXECUTION_ID, EVENT.TYPE)
            .from(EVENT)
            .where(EVENT.EXECUTION_ID.in(executionChunk), EVENT.ARTIFACT_ID.in(artifactChunk))
            .forEach(
                row ->
                    ids.put(new EventKey(row.value2(), row.value3(), row.value4()), row.value1()));
      }
    }
    return ids;
  }

  /**
   * The first event, from {@code from} on (the chunk whose insert failed; those before it are
   * stored), that repeats a stored event or one earlier in its chunk.
   */
  private static Event firstRepeat(
      DSLContext sql, List<Event> events, int from, RuntimeException failure) {
    List<Event> rest = events.subList(from, events.size());
    Set<EventKey> stored = idsOf(sql, rest).keySet();
    Set<EventKey> seen = new HashSet<>();
    for (Event event : rest) {
      EventKey key = EventKey.of(event);
      if (stored.contains(key) || !seen.add(key)) {
        return event;
      }
    }
    // No repeat now: a concurrent call wrote one and was undone, or the failure was another.
    throw new ConcurrentWriteConflict("a concurrent write added the same event", failure);
  }

  private static StoreException alreadyExists(Event event) {
    return StoreException.alreadyExists(
        "Given event already exists: artifact_id "
            + event.getArtifactId()
            + ", execution_id "
            + event.getExecutionId()
            + ", type "
            + event.getType());
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
