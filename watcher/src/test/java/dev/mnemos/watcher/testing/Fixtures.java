package dev.mnemos.watcher.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Pods written out as JSON in src/test/resources/fixtures, with placeholders filled in. */
public final class Fixtures {

  private Fixtures() {}

  public static Pod pod(String name, Map<String, String> placeholders) {
    String json = text(name);
    for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
      json = json.replace(placeholder.getKey(), placeholder.getValue());
    }
    return new KubernetesSerialization().unmarshal(json, Pod.class);
  }

  public static Pod pod(String name) {
    return pod(name, Map.of());
  }

  private static String text(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
