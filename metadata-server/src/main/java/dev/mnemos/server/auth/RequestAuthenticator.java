package dev.mnemos.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Kubeflow's two kinds of callers: pipeline pods, with their service account's token (checked by
 * {@link TokenReviewer}), and people, through the gateway that logged them in and names them in a
 * header, believed only from a trusted proxy address or over mutual TLS. A request with neither is
 * refused; a token wins over the header when both are sent.
 */
public final class RequestAuthenticator implements Authenticator {

  /** Reviews kept at most; beyond, the cache starts again (tokens are few: one per pod). */
  private static final int MAX_CACHED = 10_000;

  /** A refused token is asked about again after this long, not at every call. */
  private static final Duration REFUSAL_CACHE_TIME = Duration.ofSeconds(10);

  private static final int MAX_USER_CHARS = 256;

  private final AuthSettings settings;
  private final TokenReviewer reviewer;
  private final LongSupplier nanoTime;
  private final Map<String, Review> reviews = new ConcurrentHashMap<>();

  private record Review(Optional<TokenReviewer.Identity> identity, long expiresAtNanos) {}

  public RequestAuthenticator(AuthSettings settings, TokenReviewer reviewer) {
    this(settings, reviewer, System::nanoTime);
  }

  RequestAuthenticator(AuthSettings settings, TokenReviewer reviewer, LongSupplier nanoTime) {
    this.settings = settings;
    this.reviewer = reviewer;
    this.nanoTime = nanoTime;
  }

  public AuthSettings settings() {
    return settings;
  }

  @Override
  public Caller authenticate(Credentials credentials) {
    if (credentials.bearerToken().isPresent()) {
      TokenReviewer.Identity identity =
          reviewed(credentials.bearerToken().get())
              .orElseThrow(
                  () ->
                      new AuthenticationException(
                          "the bearer token was not accepted by the Kubernetes API"));
      return caller(identity.name(), identity.groups(), Caller.How.TOKEN);
    }
    if (credentials.gatewayUser().isPresent()) {
      boolean trusted =
          credentials.clientCertificate()
              || credentials.peer().map(settings::trustsProxy).orElse(false);
      if (!trusted) {
        throw new AuthenticationException(
            "the "
                + settings.gatewayUserHeader()
                + " header is believed only from the gateway (a trusted proxy address or a client"
                + " certificate)");
      }
      String user = credentials.gatewayUser().get().strip();
      if (user.isEmpty()
          || user.length() > MAX_USER_CHARS
          || user.chars().anyMatch(Character::isISOControl)) {
        throw new AuthenticationException(
            "the " + settings.gatewayUserHeader() + " header names no user");
      }
      return caller(user, Set.of(), Caller.How.GATEWAY);
    }
    throw new AuthenticationException(
        "credentials needed: a bearer token (a service account's) or the gateway's "
            + settings.gatewayUserHeader()
            + " header");
  }

  private Caller caller(String name, Set<String> groups, Caller.How how) {
    Set<String> identities = new HashSet<>(groups);
    identities.add(name);
    boolean admin = identities.stream().anyMatch(settings.admins()::contains);
    return new Caller(name, groups, how, admin);
  }

  private Optional<TokenReviewer.Identity> reviewed(String token) {
    String key = digest(token);
    long now = nanoTime.getAsLong();
    Review cached = reviews.get(key);
    if (cached != null && now - cached.expiresAtNanos() < 0) {
      return cached.identity();
    }
    Optional<TokenReviewer.Identity> identity = reviewer.review(token);
    Duration keep = identity.isPresent() ? settings.tokenCacheTime() : REFUSAL_CACHE_TIME;
    if (reviews.size() >= MAX_CACHED) {
      reviews.clear();
    }
    reviews.put(key, new Review(identity, now + keep.toNanos()));
    return identity;
  }

  /** Tokens are kept by digest: a heap dump shows no usable token. */
  private static String digest(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
