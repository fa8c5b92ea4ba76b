package dev.mnemos.query.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * The lineage browser's and GraphiQL's files (clients/web, built into the jar under {@code
 * dev/mnemos/web/}), looked up by request path. Only plain relative file names are served: no
 * {@code ..}, no backslashes, nothing outside that folder.
 */
final class WebAssets {

  private static final String ROOT = "/dev/mnemos/web/";
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "json", "application/json",
          "map", "application/json",
          "woff2", "font/woff2");

  /** A file to send: its bytes, media type, and whether its name changes with its content. */
  record Asset(byte[] body, String contentType, boolean immutable) {}

  /** Whether the browser (and GraphiQL, built with it) is in this jar. */
  static boolean present() {
    return WebAssets.class.getResource(ROOT + "index.html") != null;
  }

  /** The file at {@code path} ("/" is the page itself), if there is one. */
  static Optional<Asset> find(String path) throws IOException {
    String name = path.equals("/") ? "index.html" : path.substring(1);
    if (name.isEmpty()
        || name.contains("..")
        || name.contains("\\")
        || name.contains("//")
        || name.startsWith("/")) {
      return Optional.empty();
    }
    int dot = name.lastIndexOf('.');
    String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
    if (type == null) {
      return Optional.empty();
    }
    try (InputStream in = WebAssets.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        return Optional.empty();
      }
      // Vite names every built file but the page after its content hash.
      return Optional.of(new Asset(in.readAllBytes(), type, name.startsWith("assets/")));
    }
  }

  private WebAssets() {}
}
