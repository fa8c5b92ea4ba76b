package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.proto.mlmd.PostgreSQLDatabaseConfig;
import dev.mnemos.proto.mlmd.PostgreSQLDatabaseConfig.SSLOptions;
import dev.mnemos.server.store.DatabaseSettings;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MLMD's PostgreSQL config read as libpq reads it, handed to the JDBC driver. */
class PostgresqlConnectionTest {

  private static final String FIELD = "--postgres_config_";

  @TempDir Path folder;

  private static DatabaseSettings settings(
      PostgreSQLDatabaseConfig.Builder config, Map<String, String> environment) {
    return PostgresqlConnection.settings(config.build(), FIELD, environment::get);
  }

  @Test
  void libpqsDefaultsFillWhatIsLeftOut() {
    DatabaseSettings settings =
        settings(PostgreSQLDatabaseConfig.newBuilder().setUser("mlmd"), Map.of());

    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/mlmd");
    assertThat(settings.user()).contains("mlmd");
    assertThat(settings.password()).isEmpty();
    assertThat(settings.createDatabase()).isTrue();
    assertThat(settings.driverProperties()).containsEntry("sslmode", "prefer");
  }

  @Test
  void hostaddrIsConnectedToAndTheDatabaseNameIsEncoded() {
    DatabaseSettings settings =
        settings(
            PostgreSQLDatabaseConfig.newBuilder()
                .setHost("db.example")
                .setHostaddr("fd00::7")
                .setPort("6432")
                .setDbname("kubeflow metadata")
                .setSkipDbCreation(true),
            Map.of());

    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://[fd00::7]:6432/kubeflow+metadata");
    assertThat(settings.createDatabase()).isFalse();
  }

  @Test
  void thePasswordComesFromTheConfigElsePgpasswordElseThePasswordFile() throws Exception {
    Path passfile =
        Files.writeString(
            folder.resolve("pgpass"),
            "# comment\n"
                + "db:5432:other:mlmd:not-this-one\n"
                + "db:*:metadb:mlmd:pa\\:ss\n"
                + "*:*:*:*:fallback\n");
    PostgreSQLDatabaseConfig.Builder config =
        PostgreSQLDatabaseConfig.newBuilder()
            .setHost("db")
            .setUser("mlmd")
            .setDbname("metadb")
            .setPassfile(passfile.toString());

    assertThat(settings(config, Map.of()).password()).contains("pa:ss");
    assertThat(settings(config, Map.of("PGPASSWORD", "env")).password()).contains("env");
    assertThat(settings(config.clone().setPassword("flag"), Map.of("PGPASSWORD", "env")).password())
        .contains("flag");
    assertThat(settings(config.clone().setDbname("third"), Map.of()).password())
        .contains("fallback");
    assertThat(
            settings(
                    config.clone().clearPassfile(),
                    Map.of("HOME", folder.toString(), "PGPASSFILE", passfile.toString()))
                .password())
        .contains("pa:ss");
  }

  @Test
  void requireWithARootCertificateVerifiesTheChainAsLibpqDoes() {
    DatabaseSettings settings =
        settings(
            PostgreSQLDatabaseConfig.newBuilder()
                .setDbname("metadb")
                .setSsloption(
                    SSLOptions.newBuilder().setSslmode("require").setSslrootcert("/ca.crt")),
            Map.of());

    assertThat(settings.driverProperties())
        .containsEntry("sslmode", "verify-ca")
        .containsEntry("sslrootcert", "/ca.crt");
  }

  @Test
  void aPemClientKeyIsHandedToTheDriverAsAKeyStore() throws Exception {
    TestCertificates.write(folder, "mnemos");
    DatabaseSettings settings =
        settings(
            PostgreSQLDatabaseConfig.newBuilder()
                .setDbname("metadb")
                .setSsloption(
                    SSLOptions.newBuilder()
                        .setSslmode("verify-full")
                        .setSslcert(folder.resolve("tls.crt").toString())
                        .setSslkey(folder.resolve("tls.key").toString())),
            Map.of());

    Map<String, String> driver = settings.driverProperties();
    assertThat(driver.get("sslkey")).endsWith(".p12");
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(driver.get("sslkey"))) {
      store.load(in, driver.get("sslpassword").toCharArray());
    }
    assertThat(store.isKeyEntry("client")).isTrue();
    assertThat(driver).doesNotContainKey("sslcert");

    assertThatThrownBy(
            () ->
                settings(
                    PostgreSQLDatabaseConfig.newBuilder()
                        .setDbname("metadb")
                        .setSsloption(
                            SSLOptions.newBuilder()
                                .setSslcert(folder.resolve("tls.crt").toString())
                                .setSslkey(folder.resolve("tls.key").toString())
                                .setSslpassword("secret")),
                    Map.of()))
        .hasMessageStartingWith("--postgres_config_sslpassword: an encrypted PEM key");
  }
}
