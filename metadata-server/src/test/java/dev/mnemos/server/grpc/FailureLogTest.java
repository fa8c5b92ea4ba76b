package dev.mnemos.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A loop of failing calls logs a bounded number of one-line entries, then says how many it left
 * out.
 */
class FailureLogTest {

  @Test
  void failuresBeyondTheWindowsAllowanceAreCountedNotLogged() throws Exception {
    List<String> warnings = new ArrayList<>();
    Logger logger =
        (Logger)
            Proxy.newProxyInstance(
                Logger.class.getClassLoader(),
                new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("warn") && args.length == 2) {
                    Object[] values = (Object[]) args[1];
                    warnings.add(
                        MessageFormatter.arrayFormat((String) args[0], values).getMessage());
                  }
                  return method.getReturnType() == boolean.class ? false : null;
                });
    AtomicLong clock = new AtomicLong();
    FailureLog log = new FailureLog(logger, 3, Duration.ofMinutes(1), clock::get);
    for (int i = 0; i < 100; i++) {
      log.failed("A gRPC call", new IllegalStateException("boom " + i));
    }
    assertThat(warnings).hasSize(3).allSatisfy(line -> assertThat(line).doesNotContain("\n"));

    clock.addAndGet(Duration.ofMinutes(1).toNanos());
    log.failed("A gRPC call", new IllegalStateException("later"));
    assertThat(warnings).hasSize(4);
    assertThat(warnings.get(3)).contains("later").contains("(97 more failures not logged)");
  }
}
