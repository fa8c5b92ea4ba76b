package dev.mnemos.app;

import dev.mnemos.query.lifecycle.Retention;
import dev.mnemos.query.lifecycle.RetentionRule;
import dev.mnemos.query.lifecycle.RunLifecycle;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * What deleting runs keeps whatever a request says, and the retention policy the server applies.
 */
final class LifecycleOptions {

  /** The server's flags on deleting runs, as the services take them. */
  record Settings(RunLifecycle.Protection protection, Optional<Retention.Policy> retention) {
    static final Settings NONE = new Settings(RunLifecycle.Protection.NONE, Optional.empty());
  }

  @Option(
      names = "--retention",
      paramLabel = "RULE",
      description =
          "Delete runs periodically, e.g. pipeline=churn,older-than=90d,keep-newest=5 (repeat for"
              + " several rules; docs/lifecycle.md). One replica at a time applies it.")
  List<String> rules = List.of();

  @Option(
      names = "--retention_interval",
      paramLabel = "AGE",
      defaultValue = "1h",
      description = "Time between retention passes (default: ${DEFAULT-VALUE}).")
  String interval = "1h";

  @Option(
      names = "--protect_artifacts",
      paramLabel = "FILTER",
      description =
          "An MLMD filter_query: artifacts it matches are never deleted, nor anything upstream of"
              + " them, whatever a deletion asks (e.g. registered models).")
  @Nullable String protectArtifacts;

  @Option(
      names = "--protect_executions",
      paramLabel = "FILTER",
      description = "The same over executions.")
  @Nullable String protectExecutions;

  /**
   * @throws IllegalArgumentException naming the flag that does not parse
   */
  Settings settings() {
    RunLifecycle.Protection protection =
        new RunLifecycle.Protection(
            Optional.ofNullable(protectArtifacts), Optional.ofNullable(protectExecutions));
    if (rules.isEmpty()) {
      return new Settings(protection, Optional.empty());
    }
    try {
      return new Settings(
          protection,
          Optional.of(
              new Retention.Policy(
                  rules.stream().map(RetentionRule::parse).toList(), RetentionRule.age(interval))));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--retention: " + e.getMessage(), e);
    }
  }
}
