/**
 * Mnemos' own admin gRPC API ({@code mnemos.admin.v1}, beside MLMD's): translates its messages to
 * {@link dev.mnemos.query.lifecycle.RunLifecycle} and back, nothing more.
 */
@NullMarked
package dev.mnemos.query.admin;

import org.jspecify.annotations.NullMarked;
