/**
 * The query layer over the store: {@link dev.mnemos.query.QueryLayer} composes run summaries,
 * full-text search and GraphQL over HTTP. Its sub-packages never depend on this one.
 */
package dev.mnemos.query;
