/**
 * The store: MLMD's operations over MLMD's schema on SQLite or MySQL/MariaDB, each write one
 * transaction with its retries, deadlines and statement limits; {@link
 * dev.mnemos.server.store.MetadataStore} is the entry point and {@code ChangeListener}s see every
 * write before it commits.
 */
package dev.mnemos.server.store;
