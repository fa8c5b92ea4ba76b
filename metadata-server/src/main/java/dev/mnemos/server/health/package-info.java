/**
 * Health: named checks run on their own thread at an interval; the last report answers gRPC health
 * and {@code /readyz} at once, and a draining server is not ready.
 */
package dev.mnemos.server.health;
