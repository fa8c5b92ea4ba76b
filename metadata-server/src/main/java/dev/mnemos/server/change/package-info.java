/**
 * Typed change events: what each write transaction changed ({@link
 * dev.mnemos.server.change.StoreChange}), collected per transaction in a {@link
 * dev.mnemos.server.change.ChangeSet} and handed to {@link
 * dev.mnemos.server.change.ChangeListener}s before and after the commit. The one boundary between
 * the store and the data derived from it.
 */
package dev.mnemos.server.change;
