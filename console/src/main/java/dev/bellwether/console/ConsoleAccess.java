package dev.bellwether.console;

import dev.bellwether.config.ConfigException;
import dev.bellwether.config.ConsoleConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may use the console: the analysts' named tokens, read once at start-up from
 * {@code console.tokens-file} and the variable {@code console.token-env} names.
 *
 * <p>With no tokens the console is open, and only allowed on a loopback address, where every
 * request is recorded as {@value #LOCAL}; with tokens, every request needs one, on any address.
 */
final class ConsoleAccess {

  /** The {@code who} of feedback given on an open loopback console. */
  static final String LOCAL = "local";

  /** The name of a bare token given without {@code NAME:}. */
  static final String DEFAULT_NAME = "console";

  /** The cookie the login form sets, so that the page and its event stream carry the token. */
  static final String COOKIE = "bellwether_console";

  static final int MIN_TOKEN_LENGTH = 16;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private final Map<String, String> namesByToken;
  private final boolean loopback;

  private ConsoleAccess(Map<String, String> namesByToken, boolean loopback) {
    this.namesByToken = Map.copyOf(namesByToken);
    this.loopback = loopback;
  }

  /**
   * Reads the tokens the settings point at.
   *
   * @throws ConfigException naming the setting when a token source is unreadable or malformed, or
   *     when the console is bound beyond loopback without any token
   */
  static ConsoleAccess of(ConsoleConfig config, Map<String, String> env) {
    Map<String, String> tokens = new LinkedHashMap<>();
    if (!config.tokensFile().isEmpty()) {
      readFile(Path.of(config.tokensFile()), tokens);
    }
    if (!config.tokenEnv().isEmpty()) {
      String value = env.get(config.tokenEnv());
      if (value != null && !value.isBlank()) {
        add(value.strip(), "environment variable " + config.tokenEnv() + " (console.token-env)", tokens);
      }
    }
    boolean loopback = isLoopback(config.bind());
    if (!loopback && tokens.isEmpty()) {
      throw new ConfigException("Setting console.bind = '" + config.bind() + "' is not a loopback address, so the"
          + " console needs access tokens: set console.tokens-file (NAME:TOKEN lines) or the environment variable "
          + (config.tokenEnv().isEmpty() ? "that console.token-env names" : config.tokenEnv())
          + ", or bind to 127.0.0.1 (or console.enabled: false)");
    }
    return new ConsoleAccess(tokens, loopback);
  }

  /** Whether requests need no token (no tokens configured, loopback only). */
  boolean open() {
    return namesByToken.isEmpty();
  }

  /** Whether the console listens on a loopback address only. */
  boolean loopback() {
    return loopback;
  }

  /** The analyst a token belongs to, comparing in constant time; empty when it is no token of ours. */
  Optional<String> nameOf(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    byte[] given = token.getBytes(StandardCharsets.UTF_8);
    String found = null;
    for (Map.Entry<String, String> e : namesByToken.entrySet()) {
      if (MessageDigest.isEqual(given, e.getKey().getBytes(StandardCharsets.UTF_8))) {
        found = e.getValue();
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * Who is asking: the token's name (from {@code Authorization: Bearer}, or the login cookie),
   * {@value #LOCAL} on an open console, empty when refused.
   */
  Optional<String> who(String authorization, String cookieHeader) {
    if (open()) {
      return Optional.of(LOCAL);
    }
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return nameOf(authorization.substring(7).strip());
    }
    return nameOf(cookie(cookieHeader));
  }

  /** The value of the login cookie in a {@code Cookie} header, or null. */
  static String cookie(String cookieHeader) {
    if (cookieHeader == null) {
      return null;
    }
    for (String part : cookieHeader.split(";")) {
      String p = part.strip();
      if (p.startsWith(COOKIE + "=")) {
        return p.substring(COOKIE.length() + 1);
      }
    }
    return null;
  }

  private static void readFile(Path file, Map<String, String> tokens) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("Setting console.tokens-file names " + file + ", which cannot be read ("
          + e.getClass().getSimpleName() + "); create it with NAME:TOKEN lines or leave the setting empty");
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        add(line, "console.tokens-file " + file + " line " + (i + 1), tokens);
      }
    }
  }

  /** Adds one {@code NAME:TOKEN} (or bare token); errors name the source, never the token. */
  private static void add(String entry, String source, Map<String, String> tokens) {
    int colon = entry.indexOf(':');
    String name = colon < 0 ? DEFAULT_NAME : entry.substring(0, colon).strip();
    String token = colon < 0 ? entry : entry.substring(colon + 1).strip();
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException("The console token name in " + source + " must be 1 to 64 letters, digits or ._@-"
          + " (it is recorded as `who` on feedback); write NAME:TOKEN");
    }
    if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(c -> c <= ' ' || c == ';' || c == ',')) {
      throw new ConfigException("The console token of '" + name + "' in " + source + " must be at least "
          + MIN_TOKEN_LENGTH + " characters without spaces, ';' or ','; make one with: openssl rand -hex 24");
    }
    if (tokens.putIfAbsent(token, name) != null) {
      throw new ConfigException("The console token of '" + name + "' in " + source + " is also another analyst's:"
          + " give every analyst their own");
    }
  }

  private static boolean isLoopback(String bind) {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException("Setting console.bind = '" + bind + "' is not an address of this machine: use"
          + " 127.0.0.1, 0.0.0.0 or one of its addresses");
    }
  }

  /** Whether a {@code Host} header names this machine's loopback, as a page served from loopback must. */
  static boolean loopbackHost(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    int colon = h.startsWith("[") ? h.indexOf("]:") + 1 : h.lastIndexOf(':');
    String name = colon > 0 ? h.substring(0, colon) : h;
    return name.equals("127.0.0.1") || name.equals("localhost") || name.equals("[::1]");
  }
}
