package dev.mnemos.server.errors;

/**
 * What an error message quotes of a client's input: the start of it, so that a megabyte of hostile
 * text is not sent back, logged and stored in every error.
 */
public final class Excerpt {

  static final int MAX_CHARS = 80;

  private Excerpt() {}

  /** {@code text} as it is when short, else its first characters and its length. */
  public static String of(String text) {
    if (text.length() <= MAX_CHARS) {
      return text;
    }
    int end = MAX_CHARS;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "... (" + text.length() + " characters)";
  }
}
