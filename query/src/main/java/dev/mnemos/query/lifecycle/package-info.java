/**
 * Deleting runs as operators ask for it: choosing runs by what the run summaries know (pipeline,
 * age, the newest to keep), the server's protection filter, and retention policies applied
 * periodically. The rule of what goes with a run is the store's ({@code RunDeletions}); the
 * protocol adapters (admin gRPC, GraphQL, the command line) only translate to {@link RunLifecycle}.
 */
@NullMarked
package dev.mnemos.query.lifecycle;

import org.jspecify.annotations.NullMarked;
