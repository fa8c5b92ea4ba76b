package dev.mnemos.server.model;

import java.util.List;

/** One page of a {@link NodeListing}, and whether more nodes follow it. */
public record NodePage(List<Node> nodes, boolean hasMore) {}
