package dev.mnemos.server.model;

/**
 * A node's membership of a context: an attribution when the member is an artifact, an association
 * when it is an execution.
 */
public record Membership(long contextId, NodeRef member) {}
