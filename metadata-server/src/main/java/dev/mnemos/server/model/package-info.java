/**
 * The store's typed vocabulary, shared by every protocol adapter: nodes and their keys, types,
 * events, memberships, listings and lineage queries. Plain records over MLMD's data types (property
 * values, event types); no request or response message of any protocol and no table appears here.
 */
package dev.mnemos.server.model;
