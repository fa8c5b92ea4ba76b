package dev.mnemos.query.lifecycle;

import dev.mnemos.server.errors.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One rule of a retention policy, as {@code --retention} spells it: comma-separated {@code
 * pipeline=NAME}, {@code run-type=TYPE} (one of the server's run types), {@code older-than=AGE}
 * (runs that ended longer ago), {@code keep-newest=N} (of each pipeline). It must bound what it
 * deletes by age or by the newest to keep: a pipeline alone would delete all its runs.
 */
public record RetentionRule(
    Optional<String> pipeline,
    Optional<String> runType,
    Optional<Duration> olderThan,
    OptionalInt keepNewest) {

  public RetentionRule {
    if (olderThan.isEmpty() && keepNewest.isEmpty()) {
      throw StoreException.invalidArgument(
          "a retention rule needs older-than or keep-newest: a pipeline alone would delete all"
              + " its runs");
    }
  }

  public static RetentionRule parse(String text) {
    Optional<String> pipeline = Optional.empty();
    Optional<String> runType = Optional.empty();
    Optional<Duration> olderThan = Optional.empty();
    OptionalInt keepNewest = OptionalInt.empty();
    for (String part : text.split(",")) {
      String[] pair = part.split("=", 2);
      if (pair.length != 2 || pair[1].isBlank()) {
        throw StoreException.invalidArgument(
            "a retention rule is key=value pairs (pipeline, run-type, older-than, keep-newest),"
                + " not "
                + text);
      }
      String value = pair[1].strip();
      switch (pair[0].strip()) {
        case "pipeline" -> pipeline = Optional.of(value);
        case "run-type" -> runType = Optional.of(value);
        case "older-than" -> olderThan = Optional.of(age(value));
        case "keep-newest" -> keepNewest = OptionalInt.of(count(value));
        default ->
            throw StoreException.invalidArgument(
                "unknown key " + pair[0].strip() + " in retention rule " + text);
      }
    }
    return new RetentionRule(pipeline, runType, olderThan, keepNewest);
  }

  /** The runs this rule deletes at {@code now}. */
  RunSelection selection(Instant now) {
    return new RunSelection(
        Set.of(),
        pipeline,
        runType,
        olderThan.map(age -> now.minus(age).toEpochMilli()),
        keepNewest);
  }

  /** An age: 90d, 12h, 30m, 45s, or an ISO-8601 duration (P90D). */
  public static Duration age(String text) {
    String age = text.strip();
    try {
      if (age.matches("\\d+[dhms]")) {
        long amount = Long.parseLong(age.substring(0, age.length() - 1));
        return switch (age.charAt(age.length() - 1)) {
          case 'd' -> Duration.ofDays(amount);
          case 'h' -> Duration.ofHours(amount);
          case 'm' -> Duration.ofMinutes(amount);
          default -> Duration.ofSeconds(amount);
        };
      }
      return Duration.parse(age.toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw StoreException.invalidArgument(
          "an age is 90d, 12h, 30m, 45s or ISO-8601 (P90D), not " + text);
    }
  }

  private static int count(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw StoreException.invalidArgument("keep-newest is a number, not " + text);
    }
  }
}
