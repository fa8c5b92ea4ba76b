package dev.mnemos.server.filter;

import dev.mnemos.server.errors.Excerpt;
import org.antlr.v4.runtime.Token;

/**
 * The value of a ZetaSQL string literal, as the MLMD library's parser reads it: quoted with ' or ",
 * or triple-quoted; an r prefix keeps backslashes as they are. Escapes are exactly ZetaSQL's; any
 * other is refused with the message ZetaSQL gives, at the escape's position.
 */
final class StringLiterals {

  private StringLiterals() {}

  /** The value of a STRING or RAW_STRING token. */
  static String value(Token token) {
    String text = token.getText();
    boolean raw = text.charAt(0) == 'r' || text.charAt(0) == 'R';
    int prefix = raw ? 1 : 0;
    int quotes = text.startsWith("'''", prefix) || text.startsWith("\"\"\"", prefix) ? 3 : 1;
    int start = prefix + quotes;
    int end = text.length() - quotes;
    return raw ? text.substring(start, end) : unescape(text, start, end, token);
  }

  private static String unescape(String text, int start, int end, Token token) {
    StringBuilder value = new StringBuilder(end - start);
    int i = start;
    while (i < end) {
      char ch = text.charAt(i);
      if (ch != '\\') {
        value.append(ch);
        i++;
        continue;
      }
      // The lexer pairs every backslash with the character after it.
      char escaped = text.charAt(i + 1);
      int length =
          switch (escaped) {
            case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\', '?', '\'', '"', '`' -> {
              value.append(simple(escaped));
              yield 2;
            }
            case '0', '1', '2', '3' -> {
              String digits = text.substring(i + 1, Math.min(i + 4, end));
              if (!digits.matches("[0-7]{3}")) {
                throw illegal(
                    "Octal escape must be followed by 3 octal digits but saw: \\" + digits,
                    text,
                    i,
                    token);
              }
              value.append((char) Integer.parseInt(digits, 8));
              yield 4;
            }
            case 'x', 'X' -> {
              String digits = text.substring(i + 2, Math.min(i + 4, end));
              if (!digits.matches("[0-9a-fA-F]{2}")) {
                throw illegal(
                    "Hex escape must be followed by 2 hex digits but saw: \\" + escaped + digits,
                    text,
                    i,
                    token);
              }
              value.append((char) Integer.parseInt(digits, 16));
              yield 4;
            }
            case 'u', 'U' -> {
              int count = escaped == 'u' ? 4 : 8;
              String digits = text.substring(i + 2, Math.min(i + 2 + count, end));
              if (!digits.matches("[0-9a-fA-F]{" + count + "}")) {
                throw illegal(
                    "\\"
                        + escaped
                        + " must be followed by "
                        + count
                        + " hex digits but saw: \\"
                        + escaped
                        + digits,
                    text,
                    i,
                    token);
              }
              long codePoint = Long.parseLong(digits, 16);
              if (codePoint > Character.MAX_CODE_POINT) {
                throw illegal(
                    "Value of \\" + escaped + digits + " exceeds Unicode limit (0x0010FFFF)",
                    text,
                    i,
                    token);
              }
              if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
                throw illegal(
                    "Unicode value \\" + escaped + digits + " is invalid", text, i, token);
              }
              value.appendCodePoint((int) codePoint);
              yield 2 + count;
            }
            default -> throw illegal("\\" + escaped, text, i, token);
          };
      i += length;
    }
    return value.toString();
  }

  private static char simple(char escaped) {
    return switch (escaped) {
      case 'a' -> '\u0007';
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'v' -> '\u000B';
      default -> escaped;
    };
  }

  /** The error for the escape at {@code offset} of the token's text, located where it stands. */
  private static RuntimeException illegal(String what, String text, int offset, Token token) {
    int line = token.getLine();
    int column = token.getCharPositionInLine() + 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return FilterSyntax.invalid(
        "Syntax error: Illegal escape sequence: "
            + Excerpt.of(what)
            + " at "
            + line
            + ":"
            + column);
  }
}
