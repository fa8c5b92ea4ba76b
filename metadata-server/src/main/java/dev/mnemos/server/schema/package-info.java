/**
 * How MLMD's schema is laid out for each node kind (its table, property table and columns), shared
 * by the store and the filter compiler.
 */
package dev.mnemos.server.schema;
