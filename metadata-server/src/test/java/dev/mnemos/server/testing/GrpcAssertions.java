package dev.mnemos.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts that a call fails with a given gRPC status, and returns the status for more checks. */
public final class GrpcAssertions {

  private GrpcAssertions() {}

  public static Status assertStatus(Status.Code expected, ThrowingCallable call) {
    StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(failure).as("expected the call to fail with %s", expected).isNotNull();
    assertThat(failure.getStatus().getCode())
        .as(failure.getStatus().toString())
        .isEqualTo(expected);
    return failure.getStatus();
  }
}
