package dev.mnemos.server.grpc;

import dev.mnemos.server.auth.RequestCaller;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one unary call and maps {@link StoreException} to the gRPC status of the same name. */
final class Calls {

  private static final Logger log = LoggerFactory.getLogger(Calls.class);
  private static final FailureLog failures = new FailureLog(log, 20, Duration.ofMinutes(1));

  private Calls() {}

  /** Runs {@code call} as the call's caller ({@link RequestCaller}), which the store may ask. */
  static <T> void unary(StreamObserver<T> observer, Supplier<T> call) {
    T response;
    try {
      response =
          ScopedValue.where(RequestCaller.CURRENT, CallerInterceptor.current()).call(call::get);
    } catch (StoreException e) {
      if (e.code() == ErrorCode.INTERNAL || e.code() == ErrorCode.UNAVAILABLE) {
        failures.failed("A gRPC call", e);
      }
      observer.onError(status(e).asRuntimeException());
      return;
    } catch (RuntimeException e) {
      failures.failed("A gRPC call", e);
      observer.onError(
          Status.INTERNAL
              .withDescription("internal error; the server log has the details")
              .withCause(e)
              .asRuntimeException());
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
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
