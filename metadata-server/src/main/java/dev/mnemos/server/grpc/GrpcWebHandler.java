package dev.mnemos.server.grpc;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.mnemos.server.auth.ExchangeCaller;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * gRPC-web, as the KFP UI speaks it to MLMD through Envoy, served on the HTTP port: each request
 * ({@code application/grpc-web+proto}, or base64 {@code application/grpc-web-text}) becomes a unary
 * call on a channel to the same gRPC server that serves plain gRPC, and its answer and status go
 * back as gRPC-web frames. The MLMD answers are therefore the gRPC answers, byte for byte. Pages of
 * other origins reach it when the HTTP port allows their origin (its CORS filter).
 */
public final class GrpcWebHandler implements HttpHandler {

  private static final int DATA_FRAME = 0x00;
  private static final int TRAILER_FRAME = 0x80;

  private final Channel channel;
  private final Map<String, MethodDescriptor<byte[], byte[]>> methods;
  private final int maxRequestBytes;

  /**
   * @param channel to the gRPC server that serves {@code service}
   * @param maxRequestBytes the gRPC server's own request limit, applied to the decoded message
   */
  public GrpcWebHandler(Channel channel, ServiceDescriptor service, int maxRequestBytes) {
    this.channel = channel;
    this.maxRequestBytes = maxRequestBytes;
    this.methods =
        service.getMethods().stream()
            .filter(method -> method.getType() == MethodDescriptor.MethodType.UNARY)
            .collect(
                Collectors.toUnmodifiableMap(
                    method -> "/" + method.getFullMethodName(), GrpcWebHandler::asBytes));
  }

  private static MethodDescriptor<byte[], byte[]> asBytes(MethodDescriptor<?, ?> method) {
    return MethodDescriptor.<byte[], byte[]>newBuilder(Bytes.MARSHALLER, Bytes.MARSHALLER)
        .setFullMethodName(method.getFullMethodName())
        .setType(MethodDescriptor.MethodType.UNARY)
        .build();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      MethodDescriptor<byte[], byte[]> method = methods.get(exchange.getRequestURI().getPath());
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      boolean text = contentType != null && contentType.startsWith("application/grpc-web-text");
      if (!exchange.getRequestMethod().equals("POST")
          || contentType == null
          || !contentType.startsWith("application/grpc-web")) {
        plain(exchange, 415, "gRPC-web calls are POSTs of application/grpc-web(-text)\n");
        return;
      }
      if (method == null) {
        answer(
            exchange,
            text,
            null,
            Status.UNIMPLEMENTED.withDescription(
                "no unary method " + exchange.getRequestURI().getPath()));
        return;
      }
      byte[] request;
      try {
        request = firstMessage(read(exchange.getRequestBody(), text));
      } catch (IllegalArgumentException e) {
        answer(exchange, text, null, Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
        return;
      }
      try {
        Channel asCaller =
            ClientInterceptors.intercept(
                channel,
                MetadataUtils.newAttachHeadersInterceptor(
                    ForwardedCaller.write(ExchangeCaller.of(exchange))));
        byte[] response =
            ClientCalls.blockingUnaryCall(
                asCaller, method, callOptions(exchange.getRequestHeaders()), request);
        answer(exchange, text, response, Status.OK);
      } catch (StatusRuntimeException e) {
        answer(exchange, text, null, e.getStatus());
      }
    }
  }

  private static CallOptions callOptions(Headers headers) {
    String timeout = headers.getFirst("grpc-timeout");
    if (timeout == null || timeout.length() < 2) {
      return CallOptions.DEFAULT;
    }
    try {
      long amount = Long.parseLong(timeout.substring(0, timeout.length() - 1));
      TimeUnit unit =
          switch (timeout.charAt(timeout.length() - 1)) {
            case 'H' -> TimeUnit.HOURS;
            case 'M' -> TimeUnit.MINUTES;
            case 'S' -> TimeUnit.SECONDS;
            case 'm' -> TimeUnit.MILLISECONDS;
            case 'u' -> TimeUnit.MICROSECONDS;
            case 'n' -> TimeUnit.NANOSECONDS;
            default -> null;
          };
      return unit == null
          ? CallOptions.DEFAULT
          : CallOptions.DEFAULT.withDeadlineAfter(amount, unit);
    } catch (NumberFormatException e) {
      return CallOptions.DEFAULT;
    }
  }

  /** The body, base64-decoded in text mode; at most the request limit (4/3 of it as text). */
  private byte[] read(InputStream body, boolean text) throws IOException {
    long limit = text ? maxRequestBytes / 3L * 4 + 16 : maxRequestBytes + 5L;
    byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    if (bytes.length > limit) {
      throw new IllegalArgumentException(
          "the request is larger than the " + maxRequestBytes + " bytes one call may carry");
    }
    if (!text) {
      return bytes;
    }
    try {
      return Base64.getDecoder()
          .decode(new String(bytes, StandardCharsets.US_ASCII).replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the grpc-web-text body is not base64", e);
    }
  }

  /** The message of the request's one data frame. */
  private static byte[] firstMessage(byte[] frames) {
    if (frames.length < 5 || (frames[0] & 0xff) != DATA_FRAME) {
      throw new IllegalArgumentException("the request holds no gRPC-web data frame");
    }
    int length = ByteBuffer.wrap(frames, 1, 4).getInt();
    if (length < 0 || length > frames.length - 5) {
      throw new IllegalArgumentException("the request's data frame is cut short");
    }
    byte[] message = new byte[length];
    System.arraycopy(frames, 5, message, 0, length);
    return message;
  }

  private static void answer(
      HttpExchange exchange, boolean text, byte @Nullable [] message, Status status)
      throws IOException {
    ByteArrayOutputStream frames = new ByteArrayOutputStream();
    if (message != null) {
      frame(frames, DATA_FRAME, message);
    }
    StringBuilder trailers = new StringBuilder("grpc-status:" + status.getCode().value() + "\r\n");
    if (status.getDescription() != null) {
      trailers
          .append("grpc-message:")
          .append(percentEncoded(status.getDescription()))
          .append("\r\n");
    }
    frame(frames, TRAILER_FRAME, trailers.toString().getBytes(StandardCharsets.US_ASCII));
    byte[] body = text ? Base64.getEncoder().encode(frames.toByteArray()) : frames.toByteArray();
    Headers headers = exchange.getResponseHeaders();
    headers.set(
        "Content-Type", text ? "application/grpc-web-text+proto" : "application/grpc-web+proto");
    if (message == null) {
      // Trailers-only: clients that read the status from the headers find it there too.
      headers.set("grpc-status", String.valueOf(status.getCode().value()));
      if (status.getDescription() != null) {
        headers.set("grpc-message", percentEncoded(status.getDescription()));
      }
    }
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void frame(ByteArrayOutputStream out, int flag, byte[] content) {
    out.write(flag);
    out.writeBytes(ByteBuffer.allocate(4).putInt(content.length).array());
    out.writeBytes(content);
  }

  /** gRPC's percent-encoding of grpc-message: printable ASCII except '%' stays. */
  private static String percentEncoded(String message) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 0x20 && c <= 0x7e && c != '%') {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return encoded.toString();
  }

  private static void plain(HttpExchange exchange, int code, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(code, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Messages passed through as their bytes: the server parses them, as it does for gRPC. */
  private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    static final Bytes MARSHALLER = new Bytes();

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw Status.INTERNAL
            .withDescription("cannot read the answer")
            .withCause(e)
            .asRuntimeException();
      }
    }
  }
}
