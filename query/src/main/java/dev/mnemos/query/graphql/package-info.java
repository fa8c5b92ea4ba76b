/**
 * GraphQL: the schema's wiring (one class per area: nodes, lineage, runs, metrics, search),
 * per-request DataLoaders and limits, and the engine the HTTP server calls.
 */
package dev.mnemos.query.graphql;
