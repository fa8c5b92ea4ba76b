package dev.mnemos.watcher.record;

/**
 * What recording a step did.
 *
 * @param wrote whether the store changed
 * @param ended whether this write recorded the step's end for the first time
 * @param settled false when part of the step could not be recorded yet (an input artifact whose
 *     producer is not recorded), so the step should be recorded again later
 */
public record Recorded(boolean wrote, boolean ended, boolean settled) {}
