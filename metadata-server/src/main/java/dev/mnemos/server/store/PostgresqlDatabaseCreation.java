package dev.mnemos.server.store;

import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the PostgreSQL database of a URL when it does not exist, as the MLMD library does unless
 * {@code skip_db_creation}: through the server's maintenance database, {@code postgres}, which the
 * user must be allowed to connect to and to create databases from.
 */
final class PostgresqlDatabaseCreation {

  private static final Logger log = LoggerFactory.getLogger(PostgresqlDatabaseCreation.class);

  private static final String INVALID_CATALOG_NAME = "3D000";
  private static final String DUPLICATE_DATABASE = "42P04";

  /** jdbc:postgresql://hosts/database?parameters */
  private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*/)([^?]+)(.*)");

  private PostgresqlDatabaseCreation() {}

  static void ifAbsent(DatabaseSettings settings) {
    Matcher url = URL.matcher(settings.jdbcUrl());
    if (!url.matches()) {
      return; // No database named: the driver connects to the user's; nothing to create.
    }
    Properties properties = properties(settings);
    try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), properties)) {
      return;
    } catch (SQLException e) {
      if (!INVALID_CATALOG_NAME.equals(e.getSQLState())) {
        return; // Unreachable or refused: opening the pool reports it.
      }
    }
    String name = URLDecoder.decode(url.group(2), StandardCharsets.UTF_8);
    String maintenance = url.group(1) + "postgres" + url.group(3);
    try (Connection connection = DriverManager.getConnection(maintenance, properties);
        PreparedStatement exists =
            connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, name);
      try (ResultSet found = exists.executeQuery()) {
        if (found.next()) {
          return;
        }
      }
      try (Statement create = connection.createStatement()) {
        // A name cannot be a bound parameter; it is the operator's, quoted as an identifier.
        create.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
        log.info("Created PostgreSQL database {}", name);
      }
    } catch (SQLException e) {
      if (DUPLICATE_DATABASE.equals(e.getSQLState())) {
        return; // Another replica created it meanwhile.
      }
      throw new StoreException(
          ErrorCode.FAILED_PRECONDITION,
          "PostgreSQL database "
              + name
              + " does not exist and cannot be created from the maintenance database postgres ("
              + e.getMessage()
              + "): create it, or grant CREATEDB, or set --postgres_config_skip_db_creation",
          e);
    }
  }

  private static Properties properties(DatabaseSettings settings) {
    Properties properties = new Properties();
    settings.user().ifPresent(user -> properties.setProperty("user", user));
    settings.password().ifPresent(password -> properties.setProperty("password", password));
    properties.putAll(settings.driverProperties());
    properties.setProperty("connectTimeout", String.valueOf(settings.connectTimeout().toSeconds()));
    return properties;
  }
}
