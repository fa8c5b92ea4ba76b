package dev.mnemos.server.store;

import dev.mnemos.server.model.Node;
import java.util.List;

/** One page of a listing; {@code nextPageToken} is empty on the last page. */
record Page(List<Node> nodes, String nextPageToken) {}
