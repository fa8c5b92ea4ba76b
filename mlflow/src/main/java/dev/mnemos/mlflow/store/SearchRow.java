package dev.mnemos.mlflow.store;

import dev.mnemos.mlflow.store.SearchFilter.Entity;
import dev.mnemos.mlflow.store.SearchFilter.Key;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A run as a search sees it: its context, id and start (the order's last keys), and the values of
 * the keys its filter and order name, typed as {@link RunSearch} compares them: metrics as Double
 * (NaN kept), params, tags and text attributes as String, times as Long; a key the run has no value
 * for is absent.
 */
record SearchRow(long contextId, String runId, long startTime, Map<Key, Object> values) {

  @Nullable Object value(Entity entity, String key) {
    return values.get(new Key(entity, key));
  }
}
