/**
 * The HTTP port: GraphQL, GraphiQL, the lineage browser's assets and the probes; others mount
 * {@code /metrics} and gRPC-web on it.
 */
package dev.mnemos.query.http;
