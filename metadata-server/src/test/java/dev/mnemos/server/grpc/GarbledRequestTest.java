package dev.mnemos.server.grpc;

import static dev.mnemos.server.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.GetArtifactTypesRequest;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.server.testing.Mlmd;
import dev.mnemos.server.testing.StoreTest;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Bytes that are no request message get INVALID_ARGUMENT, as a client's fault, not a crash. */
class GarbledRequestTest {

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private static Status send(Mlmd mlmd, MethodDescriptor<?, ?> method, byte[] body) {
    MethodDescriptor<byte[], byte[]> raw = method.toBuilder(BYTES, BYTES).build();
    return assertStatus(
        Status.Code.INVALID_ARGUMENT,
        () -> ClientCalls.blockingUnaryCall(mlmd.channel(), raw, CallOptions.DEFAULT, body));
  }

  @StoreTest
  void garbledBytesAreInvalidArgument(Mlmd mlmd) {
    Status truncated =
        send(mlmd, MetadataStoreServiceGrpc.getPutArtifactTypeMethod(), new byte[] {0x0a, -1});
    assertThat(truncated.getDescription())
        .isEqualTo("the request is not a valid PutArtifactTypeRequest message");
    send(mlmd, MetadataStoreServiceGrpc.getGetArtifactsByIDMethod(), new byte[] {(byte) 0xff});
    assertThat(
            mlmd.api()
                .getArtifactTypes(GetArtifactTypesRequest.getDefaultInstance())
                .getArtifactTypesCount())
        .as("the server serves on")
        .isZero();
  }
}
