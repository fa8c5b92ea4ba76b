package dev.mnemos.server.grpc;

import dev.mnemos.server.auth.RequestCaller;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one call of a Mnemos gRPC service and maps {@link StoreException} to the gRPC status of the
 * same name.
 */
public final class Calls {

  private static final Logger log = LoggerFactory.getLogger(Calls.class);
  private static final FailureLog failures = new FailureLog(log, 20, Duration.ofMinutes(1));

  private Calls() {}

  /** Runs {@code call} as the call's caller ({@link RequestCaller}), which the store may ask. */
  public static <T> void unary(StreamObserver<T> observer, Supplier<T> call) {
    List<T> response = new ArrayList<>(1);
    if (run(observer, () -> response.add(call.get()))) {
      observer.onNext(response.getFirst());
      observer.onCompleted();
    }
  }

  /**
   * Runs {@code call}, which sends its answers to {@code observer} as it goes, as the call's
   * caller; completes the call after it, or ends it with the status of what it threw.
   */
  public static <T> void streaming(StreamObserver<T> observer, Runnable call) {
    if (run(observer, call)) {
      observer.onCompleted();
    }
  }

  /** Whether {@code call} ran through; if not, the call has ended with its error. */
  private static boolean run(StreamObserver<?> observer, Runnable call) {
    try {
      ScopedValue.where(RequestCaller.CURRENT, CallerInterceptor.current()).run(call);
      return true;
    } catch (StoreException e) {
      if (e.code() == ErrorCode.INTERNAL || e.code() == ErrorCode.UNAVAILABLE) {
        failures.failed("A gRPC call", e);
      }
      observer.onError(status(e).asRuntimeException());
    } catch (RuntimeException e) {
      failures.failed("A gRPC call", e);
      observer.onError(
          Status.INTERNAL
              .withDescription("internal error; the server log has the details")
              .withCause(e)
              .asRuntimeException());
    }
    return false;
  }

  static Status status(StoreException e) {
    Status status =
        switch (e.code()) {
          case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
          case NOT_FOUND -> Status.NOT_FOUND;
          case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
          case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
          case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
          case ABORTED -> Status.ABORTED;
          case OUT_OF_RANGE -> Status.OUT_OF_RANGE;
          case UNIMPLEMENTED -> Status.UNIMPLEMENTED;
          case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
          case UNAVAILABLE -> Status.UNAVAILABLE;
          case INTERNAL -> Status.INTERNAL;
          case DATA_LOSS -> Status.DATA_LOSS;
        };
    return status.withDescription(e.getMessage());
  }
}
