package dev.mnemos.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL password file as libpq reads it ({@code passfile}, {@code ~/.pgpass}): lines of
 * {@code hostname:port:database:username:password}, {@code *} matching anything in the first four
 * fields, {@code \:} and {@code \\} escaping, {@code #} starting a comment; the first line that
 * matches gives the password.
 */
final class PgPassFile {

  private PgPassFile() {}

  /**
   * @throws IllegalArgumentException when the file cannot be read
   */
  static Optional<String> password(
      Path file, String host, String port, String database, String user) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e, e);
    }
    String[] wanted = {host, port, database, user};
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> fields = fields(line);
      if (fields.size() < 5) {
        continue;
      }
      boolean matches = true;
      for (int i = 0; i < wanted.length && matches; i++) {
        matches = fields.get(i).equals("*") || fields.get(i).equals(wanted[i]);
      }
      if (matches) {
        return Optional.of(fields.get(4));
      }
    }
    return Optional.empty();
  }

  /** The line's fields, unescaped; the fifth holds the rest of the line. */
  private static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        field.append(line.charAt(++i));
      } else if (c == ':' && fields.size() < 4) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
