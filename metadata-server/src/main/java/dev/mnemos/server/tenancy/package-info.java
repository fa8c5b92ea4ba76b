/**
 * Namespaces, Kubeflow's unit of tenancy: which namespace each node is in ({@link
 * dev.mnemos.server.tenancy.NodeNamespaces}, a table derived from the store's change events).
 */
package dev.mnemos.server.tenancy;
