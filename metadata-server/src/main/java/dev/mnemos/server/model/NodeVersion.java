package dev.mnemos.server.model;

/**
 * A node's id and last update time: what a follower of the store compares to tell whether its copy
 * of the node is current.
 */
public record NodeVersion(NodeRef ref, long updateTime) {}
