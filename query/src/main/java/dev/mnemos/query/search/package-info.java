/**
 * Full-text search: a Lucene index per process fed by committed writes and by polling for other
 * replicas' writes, its searcher, and its metrics.
 */
package dev.mnemos.query.search;
