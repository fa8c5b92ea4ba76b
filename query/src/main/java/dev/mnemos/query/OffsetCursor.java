package dev.mnemos.query;

import dev.mnemos.server.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque cursors for listings paged by position (ranked search hits, runs sorted by a metric): the
 * listing's name and the position after the item, base64url-encoded so clients treat them as
 * tokens.
 */
public record OffsetCursor(String listing) {

  public String at(long offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((listing + ":" + offset).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The position a cursor of this listing stands for.
   *
   * @throws StoreException INVALID_ARGUMENT for any other text
   */
  public long offsetOf(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String prefix = listing + ":";
      if (!text.startsWith(prefix)) {
        throw new IllegalArgumentException();
      }
      long offset = Long.parseLong(text.substring(prefix.length()));
      if (offset < 0) {
        throw new IllegalArgumentException();
      }
      return offset;
    } catch (IllegalArgumentException e) {
      throw StoreException.invalidArgument("invalid cursor: " + cursor);
    }
  }
}
