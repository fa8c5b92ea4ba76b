/**
 * What one read may see ({@link dev.mnemos.server.scope.ReadScope}): every node, or the nodes of
 * some namespaces. A value shared by the store, the filter compiler and the readers of derived data
 * (run summaries, metrics), which add its condition wherever they reach a node.
 */
package dev.mnemos.server.scope;
