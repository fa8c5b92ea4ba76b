package dev.mnemos.app;

import dev.mnemos.server.grpc.GrpcLimits;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The reference server's {@code --grpc_channel_arguments}: a comma-separated list of gRPC core
 * channel arguments ({@code grpc.max_metadata_size=16384,...}), as KFP's manifests pass them since
 * 2.14. Each one gRPC core knows and grpc-java can do is honoured; any other is refused by name,
 * because the reference server would have applied it and ignoring it silently would change what the
 * operator asked for.
 */
record GrpcChannelArguments(Map<String, Long> values) {

  private static final String FLAG = "--grpc_channel_arguments";

  /** What each argument does to a grpc-java server; -1 means "no limit", as in gRPC core. */
  private static final Map<String, BiConsumer<NettyServerBuilder, Long>> HONOURED = honoured();

  private static Map<String, BiConsumer<NettyServerBuilder, Long>> honoured() {
    Map<String, BiConsumer<NettyServerBuilder, Long>> honoured = new LinkedHashMap<>();
    // Message sizes go through GrpcLimits: the answer cap is ours, not the transport's.
    honoured.put("grpc.max_receive_message_length", (builder, value) -> {});
    honoured.put("grpc.max_send_message_length", (builder, value) -> {});
    honoured.put(
        "grpc.max_metadata_size",
        (builder, value) -> builder.maxInboundMetadataSize(positive(value)));
    honoured.put(
        "grpc.max_concurrent_streams",
        (builder, value) -> builder.maxConcurrentCallsPerConnection(positive(value)));
    honoured.put(
        "grpc.keepalive_time_ms",
        (builder, value) -> builder.keepAliveTime(value, TimeUnit.MILLISECONDS));
    honoured.put(
        "grpc.keepalive_timeout_ms",
        (builder, value) -> builder.keepAliveTimeout(value, TimeUnit.MILLISECONDS));
    honoured.put(
        "grpc.keepalive_permit_without_calls",
        (builder, value) -> builder.permitKeepAliveWithoutCalls(value != 0));
    honoured.put(
        "grpc.http2.min_recv_ping_interval_without_data_ms",
        (builder, value) -> builder.permitKeepAliveTime(value, TimeUnit.MILLISECONDS));
    honoured.put(
        "grpc.max_connection_idle_ms",
        (builder, value) -> builder.maxConnectionIdle(value, TimeUnit.MILLISECONDS));
    honoured.put(
        "grpc.max_connection_age_ms",
        (builder, value) -> builder.maxConnectionAge(value, TimeUnit.MILLISECONDS));
    honoured.put(
        "grpc.max_connection_age_grace_ms",
        (builder, value) -> builder.maxConnectionAgeGrace(value, TimeUnit.MILLISECONDS));
    return honoured;
  }

  static final GrpcChannelArguments NONE = new GrpcChannelArguments(Map.of());

  /**
   * Reads {@code list} as the reference server does (empty items skipped, {@code key=value}), but
   * refuses what it cannot honour.
   *
   * @throws IllegalArgumentException naming the flag and the argument
   */
  static GrpcChannelArguments parse(String list) {
    if (list == null || list.isBlank()) {
      return NONE;
    }
    Map<String, Long> values = new LinkedHashMap<>();
    for (String item : list.split(",")) {
      if (item.isBlank()) {
        continue;
      }
      int equals = item.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(FLAG + ": '" + item + "' is not key=value");
      }
      String key = item.substring(0, equals).strip();
      String text = item.substring(equals + 1).strip();
      if (!HONOURED.containsKey(key)) {
        throw new IllegalArgumentException(
            FLAG
                + ": "
                + key
                + " is not an argument Mnemos can honour (it honours "
                + String.join(", ", HONOURED.keySet())
                + ")");
      }
      try {
        values.put(key, Long.parseLong(text));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            FLAG + ": " + key + " needs a whole number, not '" + text + "'", e);
      }
    }
    GrpcChannelArguments arguments = new GrpcChannelArguments(Map.copyOf(values));
    try {
      // Every value checked now, by the builder that will take it, rather than at listen time.
      arguments.applyTo(NettyServerBuilder.forPort(0));
      arguments.limits();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(
          String.valueOf(e.getMessage()).startsWith(FLAG)
              ? e.getMessage()
              : FLAG + ": " + e.getMessage(),
          e);
    }
    return arguments;
  }

  /** Message sizes: KFP's 100 MiB unless given; -1 (gRPC core's "unlimited") is 2 GiB. */
  GrpcLimits limits() {
    return new GrpcLimits(
        size("grpc.max_receive_message_length", GrpcLimits.KFP.maxRequestBytes()),
        size("grpc.max_send_message_length", GrpcLimits.KFP.maxAnswerBytes()));
  }

  void applyTo(NettyServerBuilder builder) {
    values.forEach(
        (key, value) -> Objects.requireNonNull(HONOURED.get(key)).accept(builder, value));
  }

  private int size(String key, int otherwise) {
    Long value = values.get(key);
    if (value == null) {
      return otherwise;
    }
    return value < 0 ? Integer.MAX_VALUE : positive(value);
  }

  private static int positive(long value) {
    if (value <= 0 || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          FLAG + ": " + value + " is not a size between 1 and " + Integer.MAX_VALUE);
    }
    return (int) value;
  }
}
