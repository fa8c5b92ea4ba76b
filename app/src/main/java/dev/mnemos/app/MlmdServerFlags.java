package dev.mnemos.app;

import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The flags of MLMD's {@code metadata_store_server} beyond its database ones ({@link
 * DatabaseOptions}, {@link PostgresqlOptions}): an image swapped into a KFP cluster gets exactly
 * the reference server's arguments, so each is accepted and honoured, or refused in one line that
 * names it and says why.
 */
final class MlmdServerFlags {

  @Option(
      names = "--grpc_channel_arguments",
      description =
          "gRPC channel arguments, comma-separated key=value, as for the MLMD server (e.g."
              + " grpc.max_receive_message_length=104857600).")
  String grpcChannelArguments;

  @Option(
      names = "--metadata_store_server_config_file",
      description =
          "A text-format MetadataStoreServerConfig (connection_config, ssl_config,"
              + " migration_options), as for the MLMD server; overrides the --mysql_config_* flags.")
  Path serverConfigFile;

  @Option(
      names = "--metadata_source_config_type",
      defaultValue = "default",
      description =
          "Which flags name the database: default (the config file, else --mysql_config_* or"
              + " --postgres_config_*, else the embedded SQLite file), config_file, mysql or"
              + " postgresql.")
  String sourceConfigType;

  @Option(
      names = "--metadata_store_connection_retries",
      defaultValue = "5",
      description =
          "Attempts more to open the database at start when it is unreachable or busy (default"
              + " ${DEFAULT-VALUE}).")
  int connectionRetries;

  @Option(
      names = "--downgrade_db_schema_version",
      defaultValue = "-1",
      description = "Downgrade the schema to this version and exit (not supported yet).")
  long downgradeSchemaVersion;

  enum SourceType {
    DEFAULT,
    CONFIG_FILE,
    MYSQL,
    POSTGRESQL
  }

  /**
   * The checks that need no file or network.
   *
   * @throws IllegalArgumentException naming the flag that cannot be honoured
   */
  SourceType validate(boolean upgradeEnabled) {
    SourceType type = sourceType();
    if (type == SourceType.CONFIG_FILE && serverConfigFile == null) {
      throw new IllegalArgumentException(
          "--metadata_source_config_type=config_file needs --metadata_store_server_config_file");
    }
    if (downgradeSchemaVersion >= 0) {
      throw new IllegalArgumentException(
          upgradeEnabled
              ? "--enable_database_upgrade=true and --downgrade_db_schema_version cannot be set"
                  + " together"
              : "--downgrade_db_schema_version: Mnemos cannot downgrade a schema yet; the"
                  + " reference server can (run it once with this flag, then start Mnemos)");
    }
    if (connectionRetries < 0) {
      throw new IllegalArgumentException(
          "--metadata_store_connection_retries must be 0 or more, not " + connectionRetries);
    }
    return type;
  }

  GrpcChannelArguments channelArguments() {
    return GrpcChannelArguments.parse(grpcChannelArguments);
  }

  private SourceType sourceType() {
    try {
      return SourceType.valueOf(sourceConfigType.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--metadata_source_config_type: '"
              + sourceConfigType
              + "' is none of default, config_file, mysql, postgresql",
          e);
    }
  }
}
