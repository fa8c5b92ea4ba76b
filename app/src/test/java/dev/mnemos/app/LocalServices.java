package dev.mnemos.app;

import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.server.store.DatabaseSettings;
import java.nio.file.Path;
import java.util.Optional;

/** A whole Mnemos for a test: one process's parts on free ports. */
final class LocalServices {

  private LocalServices() {}

  /** On a SQLite file and search index in {@code data}; no watcher, no start-up retries. */
  static MnemosServices onSqlite(Path data) throws StartupFailure {
    return MnemosServices.start(
        DatabaseSettings.of("jdbc:sqlite:" + data.resolve("metadata.sqlite")),
        data.resolve("search-index"),
        QuerySettings.defaults(),
        Endpoints.local(),
        Optional.empty(),
        0);
  }
}
