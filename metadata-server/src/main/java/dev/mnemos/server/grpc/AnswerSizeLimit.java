package dev.mnemos.server.grpc;

import com.google.protobuf.MessageLite;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Answers longer than {@code maxBytes} become RESOURCE_EXHAUSTED with advice, instead of a message
 * the client refuses after receiving all of it (its own limit is usually 4 MiB to 100 MiB) or that
 * ties up the connection: a lineage walk through a dataset every run reads, or a listing of every
 * artifact without paging, grows with the whole history.
 */
final class AnswerSizeLimit implements ServerInterceptor {

  private final int maxBytes;

  AnswerSizeLimit(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return next.startCall(
        new SimpleForwardingServerCall<>(call) {
          private boolean refused;

          @Override
          public void sendMessage(R message) {
            // The size is computed once and kept by the message, so serializing it costs no more.
            int bytes = message instanceof MessageLite answer ? answer.getSerializedSize() : 0;
            if (bytes > maxBytes) {
              refused = true;
              super.close(
                  Status.RESOURCE_EXHAUSTED.withDescription(
                      "the answer takes "
                          + bytes
                          + " bytes; one answer carries at most "
                          + maxBytes
                          + ": ask for fewer ids, or page with options.max_result_size and"
                          + " next_page_token, or fewer hops"),
                  new Metadata());
              return;
            }
            super.sendMessage(message);
          }

          @Override
          public void close(Status status, Metadata trailers) {
            if (!refused) {
              super.close(status, trailers);
            }
          }
        },
        headers);
  }
}
