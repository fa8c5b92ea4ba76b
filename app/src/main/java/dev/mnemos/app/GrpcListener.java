package dev.mnemos.app;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.Optional;

/** Where and how the MLMD gRPC API listens: port, channel arguments, and TLS when configured. */
record GrpcListener(int port, GrpcChannelArguments arguments, Optional<SslContext> tls) {

  static GrpcListener plain(int port) {
    return new GrpcListener(port, GrpcChannelArguments.NONE, Optional.empty());
  }

  NettyServerBuilder builder() {
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(port));
    arguments.applyTo(builder);
    tls.ifPresent(builder::sslContext);
    return builder;
  }
}
