package dev.bellwether.ingest.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Refuses hosts that resolve to loopback, private, link-local (cloud metadata) or other
 * non-public addresses, so that a feed list cannot be used to reach internal services.
 *
 * <p>The JDK client resolves the host again when it connects, so a name that changes its answer in
 * between (DNS rebinding) is not caught here; the check stops plain misconfiguration and casual
 * probing, not a determined attacker who controls a DNS server.
 */
final class AddressGuard {

  private AddressGuard() {}

  /**
   * Why {@code host} may not be fetched, or empty when every address it resolves to is public.
   *
   * @throws UnknownHostException when the name does not resolve
   */
  static Optional<String> refusal(String host) throws UnknownHostException {
    for (InetAddress address : InetAddress.getAllByName(host)) {
      if (!isPublic(address)) {
        return Optional.of(host + " resolves to the non-public address " + address.getHostAddress());
      }
    }
    return Optional.empty();
  }

  static boolean isPublic(InetAddress a) {
    if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      boolean carrierNat = first == 100 && second >= 64 && second <= 127;
      boolean reserved = first == 0 || first >= 240 || (first == 192 && second == 0 && (b[2] & 0xff) == 0);
      return !carrierNat && !reserved;
    }
    if (a instanceof Inet6Address) {
      boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
      return !uniqueLocal;
    }
    return true;
  }
}
