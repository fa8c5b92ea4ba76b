package dev.mnemos.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Tokens reviewed (and their reviews reused), the gateway's header believed only from the gateway.
 */
class RequestAuthenticatorTest {

  private static final Map<String, TokenReviewer.Identity> VALID =
      Map.of(
          "runner-token",
          new TokenReviewer.Identity(
              "system:serviceaccount:team-a:pipeline-runner",
              Set.of("system:serviceaccounts", "system:serviceaccounts:team-a")),
          "ops-token",
          new TokenReviewer.Identity("ops@example.com", Set.of("platform-admins")));

  private final List<String> reviewed = new ArrayList<>();
  private final AtomicLong now = new AtomicLong();
  private final RequestAuthenticator authenticator =
      new RequestAuthenticator(
          new AuthSettings(
              "kubeflow-userid",
              List.of(AddressRange.parse("10.1.0.0/16")),
              Set.of("platform-admins", "root@example.com"),
              Duration.ofMinutes(1),
              ""),
          token -> {
            reviewed.add(token);
            return Optional.ofNullable(VALID.get(token));
          },
          now::get);

  private static Credentials token(String token) {
    return new Credentials(Optional.of(token), Optional.empty(), Optional.empty(), false);
  }

  private static Credentials gateway(String user, String from, boolean certificate)
      throws Exception {
    return new Credentials(
        Optional.empty(), Optional.of(user), Optional.of(InetAddress.getByName(from)), certificate);
  }

  @Test
  void aServiceAccountTokenNamesItsAccountAndGroups() {
    Caller caller = authenticator.authenticate(token("runner-token"));
    assertThat(caller.name()).isEqualTo("system:serviceaccount:team-a:pipeline-runner");
    assertThat(caller.groups()).contains("system:serviceaccounts:team-a");
    assertThat(caller.how()).isEqualTo(Caller.How.TOKEN);
    assertThat(caller.admin()).isFalse();
    assertThat(authenticator.authenticate(token("ops-token")).admin())
        .as("a member of an admin group")
        .isTrue();
  }

  @Test
  void reviewsAreReusedForAMinuteAndRefusalsForTenSeconds() {
    authenticator.authenticate(token("runner-token"));
    authenticator.authenticate(token("runner-token"));
    assertThat(reviewed).containsExactly("runner-token");
    now.addAndGet(Duration.ofSeconds(61).toNanos());
    authenticator.authenticate(token("runner-token"));
    assertThat(reviewed).containsExactly("runner-token", "runner-token");

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> authenticator.authenticate(token("forged")))
          .isInstanceOf(AuthenticationException.class)
          .hasMessage("the bearer token was not accepted by the Kubernetes API");
    }
    assertThat(reviewed).containsOnlyOnce("forged");
    now.addAndGet(Duration.ofSeconds(11).toNanos());
    assertThatThrownBy(() -> authenticator.authenticate(token("forged")));
    assertThat(reviewed.stream().filter("forged"::equals)).hasSize(2);
  }

  @Test
  void theGatewaysHeaderIsBelievedFromTheGatewayOrOverMutualTls() throws Exception {
    Caller user = authenticator.authenticate(gateway("alice@example.com", "10.1.7.9", false));
    assertThat(user)
        .isEqualTo(new Caller("alice@example.com", Set.of(), Caller.How.GATEWAY, false));
    assertThat(authenticator.authenticate(gateway("bob@example.com", "192.0.2.1", true)).name())
        .isEqualTo("bob@example.com");
    assertThat(authenticator.authenticate(gateway("root@example.com", "10.1.0.1", false)).admin())
        .isTrue();
    assertThatThrownBy(
            () -> authenticator.authenticate(gateway("mallory@example.com", "10.2.0.1", false)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageStartingWith("the kubeflow-userid header is believed only from the gateway");
    assertThatThrownBy(() -> authenticator.authenticate(gateway(" ", "10.1.0.1", false)))
        .hasMessage("the kubeflow-userid header names no user");
    assertThatThrownBy(() -> authenticator.authenticate(gateway("a\nb", "10.1.0.1", false)))
        .hasMessage("the kubeflow-userid header names no user");
  }

  @Test
  void aTokenWinsOverTheHeaderAndNothingIsRefused() throws Exception {
    Credentials both =
        new Credentials(
            Optional.of("runner-token"),
            Optional.of("root@example.com"),
            Optional.of(InetAddress.getByName("10.1.0.1")),
            false);
    assertThat(authenticator.authenticate(both).name())
        .isEqualTo("system:serviceaccount:team-a:pipeline-runner");
    assertThatThrownBy(
            () ->
                authenticator.authenticate(
                    new Credentials(Optional.empty(), Optional.empty(), Optional.empty(), true)))
        .hasMessageStartingWith("credentials needed");
  }

  @Test
  void onlyBearerAuthorizationCarriesAToken() {
    assertThat(Credentials.bearer("Bearer abc")).contains("abc");
    assertThat(Credentials.bearer("bearer  abc ")).contains("abc");
    assertThat(Credentials.bearer("Basic YTpi")).isEmpty();
    assertThat(Credentials.bearer("Bearer ")).isEmpty();
    assertThat(Credentials.bearer(null)).isEmpty();
  }

  @Test
  void addressRangesMatchByPrefix() throws Exception {
    AddressRange range = AddressRange.parse("10.1.0.0/16");
    assertThat(range.contains(InetAddress.getByName("10.1.255.1"))).isTrue();
    assertThat(range.contains(InetAddress.getByName("10.2.0.1"))).isFalse();
    assertThat(AddressRange.parse("192.0.2.7").contains(InetAddress.getByName("192.0.2.7")))
        .isTrue();
    assertThat(AddressRange.parse("192.0.2.7").contains(InetAddress.getByName("192.0.2.8")))
        .isFalse();
    assertThat(AddressRange.parse("10.0.0.0/9").contains(InetAddress.getByName("10.127.0.1")))
        .isTrue();
    assertThat(AddressRange.parse("10.0.0.0/9").contains(InetAddress.getByName("10.128.0.1")))
        .isFalse();
    assertThat(AddressRange.parse("fd00::/8").contains(InetAddress.getByName("fd12::1"))).isTrue();
    assertThat(AddressRange.parse("fd00::/8").contains(InetAddress.getByName("10.0.0.1")))
        .isFalse();
    assertThatThrownBy(() -> AddressRange.parse("gateway.example"))
        .hasMessage("'gateway.example' is no IP address or CIDR range");
    assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33"))
        .hasMessage("'10.0.0.0/33': a prefix of 33 bits does not fit the address");
  }
}
