package dev.mnemos.server.grpc;

/**
 * Sizes of one gRPC message either way. KFP runs MLMD's server with 100 MiB both ways ({@code
 * grpc.max_receive_message_length} and {@code grpc.max_send_message_length}), and its Go client
 * allows 100 MiB; gRPC's own 4 MiB default is far too small for KFP's requests.
 *
 * @param maxRequestBytes a longer request is RESOURCE_EXHAUSTED before it is read
 * @param maxAnswerBytes a longer answer is RESOURCE_EXHAUSTED instead of sent
 */
public record GrpcLimits(int maxRequestBytes, int maxAnswerBytes) {

  public static final GrpcLimits KFP = new GrpcLimits(100 << 20, 100 << 20);

  public GrpcLimits {
    if (maxRequestBytes <= 0 || maxAnswerBytes <= 0) {
      throw new IllegalArgumentException("message sizes must be positive");
    }
  }
}
