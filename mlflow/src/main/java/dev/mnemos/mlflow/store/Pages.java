package dev.mnemos.mlflow.store;

import com.google.gson.JsonParser;
import dev.mnemos.mlflow.store.TrackingStore.Page;
import dev.mnemos.server.errors.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Offset paging as MLflow's server pages its searches: tokens are base64 of the next offset. */
final class Pages {

  private Pages() {}

  /** The page of {@code all} from {@code offset}, and the token of the next when there is one. */
  static <T> Page<T> page(List<T> all, int offset, int limit) {
    int from = Math.min(offset, all.size());
    int to = (int) Math.min((long) from + limit, all.size());
    return new Page<>(List.copyOf(all.subList(from, to)), to < all.size() ? token(to) : null);
  }

  /** Page tokens are base64 of {@code {"offset": n}}, as MLflow's own. */
  static String token(int offset) {
    return Base64.getEncoder()
        .encodeToString(("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
  }

  static int offset(String pageToken) {
    if (pageToken.isEmpty()) {
      return 0;
    }
    try {
      String json = new String(Base64.getDecoder().decode(pageToken), StandardCharsets.UTF_8);
      var object = JsonParser.parseString(json).getAsJsonObject();
      int offset = object.get("offset").getAsInt();
      if (offset < 0) {
        throw new IllegalArgumentException("negative");
      }
      return offset;
    } catch (RuntimeException e) {
      throw StoreException.invalidArgument("Invalid page token, could not base64-decode");
    }
  }
}
