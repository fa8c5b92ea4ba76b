package dev.mnemos.server.store;

import java.util.List;

/** One page of a listing; {@code nextPageToken} is empty on the last page. */
record Page(List<NodeData> nodes, String nextPageToken) {}
