package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.server.grpc.GrpcLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference server's flags that Mnemos cannot honour are refused in one line naming the flag
 * and why, exit code 2, before anything starts; those it honours change what it does.
 */
class MlmdServerFlagsTest {

  private static void refused(String expected, String... arguments) {
    String[] command = new String[arguments.length + 1];
    command[0] = "serve";
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    CommandRun.Outcome outcome = CommandRun.run(command);
    assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(2);
    assertThat(outcome.err().strip()).startsWith("mnemos: " + expected).doesNotContain("\n");
  }

  @Test
  void channelArgumentsAreHonouredOrRefusedByName() {
    GrpcChannelArguments kfp =
        GrpcChannelArguments.parse(
            "grpc.max_metadata_size=16384,,grpc.max_receive_message_length=104857600,"
                + "grpc.max_send_message_length=-1");
    assertThat(kfp.limits()).isEqualTo(new GrpcLimits(104857600, Integer.MAX_VALUE));
    assertThat(GrpcChannelArguments.parse("").limits()).isEqualTo(GrpcLimits.KFP);

    refused(
        "--grpc_channel_arguments: grpc.http2.max_ping_strikes is not an argument Mnemos can"
            + " honour (it honours grpc.max_receive_message_length,",
        "--grpc_channel_arguments=grpc.http2.max_ping_strikes=0");
    refused(
        "--grpc_channel_arguments: grpc.max_metadata_size needs a whole number, not 'big'",
        "--grpc_channel_arguments",
        "grpc.max_metadata_size=big");
    refused(
        "--grpc_channel_arguments: 0 is not a size between 1 and 2147483647",
        "--grpc_channel_arguments=grpc.max_metadata_size=0");
  }

  @Test
  void whatCannotBeHonouredYetIsRefusedByName(@TempDir Path dir) throws Exception {
    refused(
        "--downgrade_db_schema_version: Mnemos cannot downgrade a schema yet",
        "--downgrade_db_schema_version=8");
    refused(
        "--enable_database_upgrade=true and --downgrade_db_schema_version cannot be set together",
        "--enable_database_upgrade=true",
        "--downgrade_db_schema_version",
        "8");
    refused(
        "--postgres_config_dbname: name the database (or the user)", "--postgres_config_host=db");
    refused(
        "--postgres_config_port: '54x' is no port number",
        "--postgres_config_dbname=metadb",
        "--postgres_config_port=54x");
    refused(
        "--postgres_config_sslmode: 'verify' is none of allow, disable, prefer, require,"
            + " verify-ca, verify-full",
        "--postgres_config_dbname=metadb",
        "--postgres_config_sslmode=verify");
    refused(
        "--postgres_config_sslkey needs sslcert, the client's certificate",
        "--postgres_config_dbname=metadb",
        "--postgres_config_sslkey=client.key");
    refused(
        "give the database one way: --postgres_config_*, --mysql_config_* or --db",
        "--postgres_config_dbname=metadb",
        "--mysql_config_host=db");
    refused(
        "--metadata_source_config_type: 'oracle' is none of",
        "--metadata_source_config_type=oracle");
    refused(
        "--metadata_source_config_type=config_file needs --metadata_store_server_config_file",
        "--metadata_source_config_type=config_file");

    refused(
        "give the MySQL password one way: --mysql_config_password, --mysql_config_password_file"
            + " or MNEMOS_MYSQL_PASSWORD",
        "--data_dir=" + dir,
        "--mysql_config_host=db",
        "--mysql_config_password=x",
        "--mysql_config_password_file=" + dir.resolve("password"));

    Path fake = dir.resolve("fake.proto");
    Files.writeString(fake, "connection_config { fake_database {} }");
    refused(
        "--metadata_store_server_config_file: connection_config.fake_database: Mnemos keeps",
        "--metadata_store_server_config_file=" + fake);
    Path garbled = dir.resolve("garbled.proto");
    Files.writeString(garbled, "connection_config { mysql { hots: \"x\" } }");
    refused(
        "--metadata_store_server_config_file: " + garbled + " is no MetadataStoreServerConfig",
        "--metadata_store_server_config_file=" + garbled);
    Path tlsWithoutKey = dir.resolve("tls.proto");
    Files.writeString(tlsWithoutKey, "ssl_config { server_cert: \"x\" }");
    refused(
        "--metadata_store_server_config_file: ssl_config needs server_key and server_cert",
        "--data_dir=" + dir,
        "--metadata_store_server_config_file=" + tlsWithoutKey);
  }

  @Test
  void tlsIsGivenOneWayAndWhole(@TempDir Path dir) throws Exception {
    refused(
        "--tls_cert_file and --tls_key_file go together, and --tls_client_ca_file needs them",
        "--data_dir=" + dir,
        "--tls_client_ca_file=" + dir.resolve("ca.crt"));
    refused(
        "--tls_*_file: --tls_key_file: cannot read " + dir.resolve("absent.key"),
        "--data_dir=" + dir,
        "--tls_cert_file=" + dir.resolve("absent.crt"),
        "--tls_key_file=" + dir.resolve("absent.key"));
    refused(
        "--http_tls needs certificates: ssl_config in --metadata_store_server_config_file or"
            + " --tls_cert_file and --tls_key_file",
        "--data_dir=" + dir,
        "--http_tls");
    Path config = dir.resolve("tls.proto");
    Files.writeString(config, "ssl_config { server_key: \"k\" server_cert: \"c\" }");
    refused(
        "give TLS either in the ssl_config of --metadata_store_server_config_file or by"
            + " --tls_cert_file and --tls_key_file, not both",
        "--data_dir=" + dir,
        "--metadata_store_server_config_file=" + config,
        "--tls_cert_file=" + dir.resolve("tls.crt"),
        "--tls_key_file=" + dir.resolve("tls.key"));
    Files.writeString(
        config, "ssl_config { server_key: \"k\" server_cert: \"c\" client_verify: true }");
    refused(
        "--metadata_store_server_config_file: ssl_config.client_verify needs custom_ca",
        "--data_dir=" + dir,
        "--metadata_store_server_config_file=" + config);

    TestCertificates.write(dir, "localhost");
    Path other = Files.createDirectory(dir.resolve("other"));
    TestCertificates.write(other, "localhost");
    refused(
        "--tls_*_file: key: it is not the key of the certificate for CN=localhost",
        "--data_dir=" + dir,
        "--tls_cert_file=" + dir.resolve("tls.crt"),
        "--tls_key_file=" + other.resolve("tls.key"));
  }

  @Test
  void authenticationFlagsAreCheckedBeforeAnythingStarts(@TempDir Path dir) {
    refused("--auth: 'ldap' is neither none nor kubernetes", "--data_dir=" + dir, "--auth=ldap");
    refused(
        "--auth_trusted_proxies: 'gateway.example' is no IP address or CIDR range",
        "--data_dir=" + dir,
        "--auth=kubernetes",
        "--auth_trusted_proxies=10.0.0.0/8,gateway.example");
    refused(
        "--auth_user_header: 'x user' is no HTTP header name",
        "--data_dir=" + dir,
        "--auth=kubernetes",
        "--auth_user_header=x user");
  }

  @Test
  void mysqlTlsOptionsJavaCannotHonourAreRefusedByName(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("db.proto");
    Files.writeString(
        config,
        "connection_config { mysql { host: \"db\" database: \"metadb\""
            + " ssl_options { cipher: \"DHE-RSA-AES256-SHA\" } } }");
    refused(
        "--metadata_store_server_config_file: connection_config.mysql.ssl_options.cipher: OpenSSL"
            + " cipher names mean nothing to Java",
        "--data_dir=" + dir,
        "--metadata_store_server_config_file=" + config);
    Files.writeString(
        config,
        "connection_config { mysql { host: \"db\" database: \"metadb\""
            + " ssl_options { verify_server_cert: true } } }");
    refused(
        "--metadata_store_server_config_file: connection_config.mysql.ssl_options"
            + ".verify_server_cert needs ca or capath",
        "--data_dir=" + dir,
        "--metadata_store_server_config_file=" + config);
    Files.writeString(
        config,
        "connection_config { mysql { host: \"db\" database: \"metadb\""
            + " ssl_options { key: \"/k.pem\" } } }");
    refused(
        "--metadata_store_server_config_file: connection_config.mysql.ssl_options.key and cert"
            + " go together",
        "--data_dir=" + dir,
        "--metadata_store_server_config_file=" + config);
  }

  @Test
  void aSqliteConfigFileNamesTheDatabase(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("config.proto");
    Path file = dir.resolve("named.sqlite");
    Files.writeString(
        config,
        "connection_config { sqlite { filename_uri: \""
            + file
            + "\" connection_mode: READWRITE_OPENCREATE } }");
    ServeCommand command = new ServeCommand();
    new picocli.CommandLine(command)
        .parseArgs(
            "--grpc_port=0",
            "--http_port=0",
            "--data_dir=" + dir.resolve("data"),
            "--metadata_store_server_config_file=" + config);
    try (MnemosServices services = command.start()) {
      assertThat(services.databaseUrl()).isEqualTo("jdbc:sqlite:" + file);
    }
    assertThat(file).exists();
  }
}
