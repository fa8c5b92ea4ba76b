package dev.mnemos.server.filter;

import dev.mnemos.server.filter.FilterExpr.Position;
import java.math.BigInteger;

/** The value of a ZetaSQL integer literal, decimal or hexadecimal ({@code 0x1F}). */
final class NumberLiterals {

  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private NumberLiterals() {}

  /**
   * A {@code Long} when it fits INT64. Past that and up to 2^64 - 1, ZetaSQL makes it a UINT64; it
   * is a {@code Double} here, which answers every comparison with the INT64 attributes and
   * properties of MLMD as the library does (none of them reaches 2^63). Larger is refused, as the
   * library refuses it.
   */
  static Number integer(String text, Position position) {
    boolean hex = text.length() > 2 && (text.charAt(1) == 'x' || text.charAt(1) == 'X');
    BigInteger value = hex ? new BigInteger(text.substring(2), 16) : new BigInteger(text);
    if (value.bitLength() < 64) {
      return value.longValue();
    }
    if (value.compareTo(UINT64_MAX) <= 0) {
      return value.doubleValue();
    }
    throw FilterSyntax.invalid(
        "Invalid " + (hex ? "hex " : "") + "integer literal (beyond 2^64 - 1): " + position);
  }
}
