/**
 * The Java client of an MLMD-compatible server: deadlines on every call, retries of writes the
 * server rolled back (ABORTED) and of UNAVAILABLE, paged listings.
 */
package dev.mnemos.client;
