package dev.mnemos.app;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.Optional;

/** Where and how the MLMD gRPC API listens: port, channel arguments, and TLS when configured. */
record GrpcListener(int port, GrpcChannelArguments arguments, Optional<ServerCertificates> tls) {

  static GrpcListener plain(int port) {
    return new GrpcListener(port, GrpcChannelArguments.NONE, Optional.empty());
  }

  NettyServerBuilder builder() {
    InetSocketAddress address = new InetSocketAddress(port);
    NettyServerBuilder builder =
        tls.isPresent()
            ? NettyServerBuilder.forAddress(address, tls.get().grpc())
            : NettyServerBuilder.forAddress(address);
    arguments.applyTo(builder);
    return builder;
  }
}
