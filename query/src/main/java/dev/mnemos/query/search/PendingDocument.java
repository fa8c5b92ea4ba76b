package dev.mnemos.query.search;

import dev.mnemos.migrations.NodeKind;

/** A node whose document must be (re)written, and since when it has waited. */
record PendingDocument(NodeKind kind, long id, long queuedAt) {

  String key() {
    return SearchDocuments.key(kind, id);
  }
}
