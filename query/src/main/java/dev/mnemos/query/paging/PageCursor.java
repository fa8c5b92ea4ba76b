package dev.mnemos.query.paging;

import dev.mnemos.server.errors.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque cursors: the listing's name and a position in it — the offset after an item for ranked or
 * computed orders (search hits, runs sorted by a metric), the last id seen for id-ordered listings
 * — base64url-encoded so clients treat them as tokens.
 */
public record PageCursor(String listing) {

  public String at(long position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((listing + ":" + position).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The position a cursor of this listing stands for.
   *
   * @throws StoreException INVALID_ARGUMENT for any other text
   */
  public long positionOf(String cursor) {
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
