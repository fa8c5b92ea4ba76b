package dev.mnemos.query.graphql;

import graphql.schema.DataFetchingEnvironment;
import java.util.Objects;

/** The object a field is fetched on: graphql-java passes it to every fetcher below the root. */
final class Sources {

  private Sources() {}

  static <T> T of(DataFetchingEnvironment env) {
    return Objects.requireNonNull(env.<T>getSource(), "a field below the root has a parent");
  }
}
