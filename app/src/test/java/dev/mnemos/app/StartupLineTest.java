package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartupLineTest {

  @Test
  void theFirstLineNamesTheBrowserWithTheHttpPortsOwnScheme() {
    assertThat(ServeCommand.startupLine(8080, false, 8081, false, "jdbc:sqlite:/d/m.sqlite", false))
        .isEqualTo(
            "Mnemos is ready: the lineage browser at http://localhost:8081/ (GraphQL at /graphql,"
                + " GraphiQL at /graphiql), ml_metadata.MetadataStoreService on gRPC port 8080,"
                + " data in jdbc:sqlite:/d/m.sqlite");
    assertThat(ServeCommand.startupLine(8080, true, 8081, false, "jdbc:mysql://db/m", true))
        .as("MLMD's TLS config file: gRPC over TLS, the HTTP port plain")
        .contains("at http://localhost:8081/", "gRPC port 8080 (TLS)", "recording pipeline pods");
    assertThat(ServeCommand.startupLine(8080, true, 8081, true, "jdbc:mysql://db/m", false))
        .contains("at https://localhost:8081/");
  }
}
