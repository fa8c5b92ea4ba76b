package dev.mnemos.server.grpc;

import dev.mnemos.server.auth.Caller;
import io.grpc.Metadata;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A caller the HTTP port authenticated, carried to the in-process gRPC server of gRPC-web in a
 * header of the call: {@code how;admin;name;group,group}, each name and group base64url-encoded.
 */
final class ForwardedCaller {

  static final Metadata.Key<String> HEADER =
      Metadata.Key.of("mnemos-forwarded-caller", Metadata.ASCII_STRING_MARSHALLER);

  private ForwardedCaller() {}

  static Metadata write(Caller caller) {
    Metadata headers = new Metadata();
    headers.put(
        HEADER,
        caller.how().name()
            + ";"
            + caller.admin()
            + ";"
            + encode(caller.name())
            + ";"
            + caller.groups().stream()
                .map(ForwardedCaller::encode)
                .collect(Collectors.joining(",")));
    return headers;
  }

  static Optional<Caller> read(Metadata headers) {
    String value = headers.get(HEADER);
    if (value == null) {
      return Optional.empty();
    }
    String[] parts = value.split(";", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    Set<String> groups =
        parts[3].isEmpty()
            ? Set.of()
            : Arrays.stream(parts[3].split(","))
                .map(ForwardedCaller::decode)
                .collect(Collectors.toSet());
    return Optional.of(
        new Caller(
            decode(parts[2]),
            groups,
            Caller.How.valueOf(parts[0]),
            Boolean.parseBoolean(parts[1])));
  }

  private static String encode(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String text) {
    return new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
  }
}
