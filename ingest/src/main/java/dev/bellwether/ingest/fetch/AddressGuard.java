package dev.bellwether.ingest.fetch;

import dev.bellwether.config.FeedConfig;
import dev.bellwether.config.IngestConfig;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The private-address policy of fetches: refuses hosts that resolve to loopback, private,
 * link-local (cloud metadata) or other non-public addresses, so that a feed list, or the links
 * inside feeds, cannot be used to reach internal services. Two things lift it: the setting
 * {@code ingest.allow-private-addresses} (every fetch), and a feed's own
 * {@code allow-private-address} (only requests for that feed's URL, exactly as configured; its
 * redirects elsewhere and the article pages its items link to stay refused).
 *
 * <p>The JDK client resolves the host again when it connects, so a name that changes its answer in
 * between (DNS rebinding) is not caught here; the check stops plain misconfiguration and casual
 * probing, not a determined attacker who controls a DNS server.
 */
final class AddressGuard {

  private final boolean allowAll;
  private final Set<URI> allowedUrls;

  private AddressGuard(boolean allowAll, Set<URI> allowedUrls) {
    this.allowAll = allowAll;
    this.allowedUrls = Set.copyOf(allowedUrls);
  }

  /** The policy of feed requests: the global setting, and the exact URLs of feeds that allow their own. */
  static AddressGuard forFeeds(IngestConfig config) {
    Set<URI> urls = new HashSet<>();
    for (FeedConfig feed : config.feeds()) {
      if (feed.allowPrivateAddress()) {
        urls.add(URI.create(feed.url()).normalize());
      }
    }
    return new AddressGuard(config.allowPrivateAddresses(), urls);
  }

  /** The policy of article pages: only the global setting, since their URLs come from feed content. */
  static AddressGuard forArticles(IngestConfig config) {
    return new AddressGuard(config.allowPrivateAddresses(), Set.of());
  }

  /**
   * Why {@code uri} may not be fetched, or empty when it may: the policy allows it, or every address
   * its host resolves to is public.
   *
   * @throws UnknownHostException when the name does not resolve
   */
  Optional<String> refusal(URI uri) throws UnknownHostException {
    if (allowAll || allowedUrls.contains(uri.normalize())) {
      return Optional.empty();
    }
    return refusal(uri.getHost());
  }

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
