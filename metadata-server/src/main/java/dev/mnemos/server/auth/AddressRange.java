package dev.mnemos.server.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A CIDR range of addresses, {@code 10.0.0.0/8} or {@code fd00::/8}; an address alone is /32. */
public final class AddressRange {

  private final byte[] network;
  private final int prefixBits;
  private final String text;

  private AddressRange(byte[] network, int prefixBits, String text) {
    this.network = network;
    this.prefixBits = prefixBits;
    this.text = text;
  }

  /**
   * @throws IllegalArgumentException when {@code cidr} is no address or range
   */
  public static AddressRange parse(String cidr) {
    String text = cidr.strip();
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    if (!address.matches("[0-9a-fA-F:.]+")) {
      // InetAddress would resolve a host name: only literal addresses are ranges.
      throw new IllegalArgumentException("'" + cidr + "' is no IP address or CIDR range");
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + cidr + "' is no IP address or CIDR range", e);
    }
    int bits = bytes.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + cidr + "' has no prefix length after /", e);
      }
      if (bits < 0 || bits > bytes.length * 8) {
        throw new IllegalArgumentException(
            "'" + cidr + "': a prefix of " + bits + " bits does not fit the address");
      }
    }
    return new AddressRange(bytes, bits, text);
  }

  public boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    if (candidate.length != network.length) {
      return false;
    }
    int whole = prefixBits / 8;
    for (int i = 0; i < whole; i++) {
      if (candidate[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixBits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest);
    return (candidate[whole] & mask) == (network[whole] & mask);
  }

  @Override
  public String toString() {
    return text;
  }
}
