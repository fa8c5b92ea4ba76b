package dev.mnemos.server.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * Runs each {@link StoreTest} once per backend with a fresh {@link Mlmd}. In CI (CI=true) the
 * MariaDB and PostgreSQL backends are mandatory: a missing server fails the suite instead of
 * skipping it.
 */
public final class StoreBackends implements TestTemplateInvocationContextProvider {

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context.getRequiredTestMethod().isAnnotationPresent(StoreTest.class);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    return backends().stream().map(Invocation::new);
  }

  /**
   * The backends every suite runs on: SQLite, and MariaDB/MySQL and PostgreSQL when configured
   * (always in CI).
   */
  public static List<Backend> backends() {
    List<Backend> backends = new ArrayList<>(List.of(Backend.SQLITE));
    if (configured(Backend.MYSQL_ENV, "MariaDB")) {
      backends.add(Backend.MYSQL);
    }
    if (configured(Backend.POSTGRESQL_ENV, "PostgreSQL")) {
      backends.add(Backend.POSTGRESQL);
    }
    return backends;
  }

  /**
   * The backends with a database server, which several replicas can share and which can go away:
   * MariaDB/MySQL and PostgreSQL when configured (always in CI). For a {@code @ParameterizedTest}'s
   * {@code @MethodSource}, with {@code allowZeroInvocations} for a machine without them.
   */
  public static List<Backend> servers() {
    return backends().stream().filter(backend -> backend != Backend.SQLITE).toList();
  }

  private static boolean configured(String hostVariable, String server) {
    String host = System.getenv(hostVariable);
    if (host != null && !host.isBlank()) {
      return true;
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(
          hostVariable + " is not set: CI must run the behaviour suite on " + server + " too");
    }
    return false;
  }

  private record Invocation(Backend backend) implements TestTemplateInvocationContext {

    @Override
    public String getDisplayName(int invocationIndex) {
      return backend.name().toLowerCase();
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      MlmdHolder holder = new MlmdHolder(backend);
      return List.of(holder);
    }
  }

  /**
   * Hands the test a fresh {@link Mlmd}, or a fresh empty database of the backend for tests that
   * build their own stack on it, and removes it after the test.
   */
  private static final class MlmdHolder implements AfterEachCallback, ParameterResolver {
    private final Backend backend;
    private final List<AutoCloseable> started = new ArrayList<>();

    MlmdHolder(Backend backend) {
      this.backend = backend;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
      for (AutoCloseable resource : started.reversed()) {
        resource.close();
      }
      started.clear();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      Class<?> type = parameter.getParameter().getType();
      return type == Mlmd.class || type == Backend.FreshDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      try {
        AutoCloseable resource =
            parameter.getParameter().getType() == Mlmd.class
                ? Mlmd.start(backend)
                : backend.freshDatabase();
        started.add(resource);
        return resource;
      } catch (Exception e) {
        throw new IllegalStateException("cannot start a fresh " + backend + " store", e);
      }
    }
  }
}
