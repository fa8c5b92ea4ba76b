/**
 * Run and metric summaries: written inside each write's transaction (a {@code ChangeListener}) and
 * back-filled when a database is adopted or the run and metric types change.
 */
package dev.mnemos.query.summary;
