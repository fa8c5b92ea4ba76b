package dev.mnemos.server.auth;

import java.util.Set;

/**
 * Who makes a request, once authenticated.
 *
 * @param name the Kubernetes user name ({@code system:serviceaccount:<namespace>:<name>} for a
 *     pipeline pod) or the user the gateway names ({@code kubeflow-userid})
 * @param groups the Kubernetes groups of a token's user; empty for a gateway user
 * @param how how the name was established
 * @param admin whether the caller may read and write every namespace
 */
public record Caller(String name, Set<String> groups, How how, boolean admin) {

  /** How a caller was established. */
  public enum How {
    /** Authentication is off: every request may do everything, as with the reference server. */
    OPEN,
    /** Mnemos itself (its pod watcher), writing in-process. */
    INTERNAL,
    /** A bearer token the Kubernetes API vouched for (TokenReview). */
    TOKEN,
    /** The user header of a trusted gateway. */
    GATEWAY
  }

  /** Every request when authentication is off. */
  public static final Caller OPEN = new Caller("anonymous", Set.of(), How.OPEN, true);

  /** Mnemos' own writes (the pod watcher). */
  public static final Caller INTERNAL = new Caller("mnemos", Set.of(), How.INTERNAL, true);

  public Caller {
    groups = Set.copyOf(groups);
  }

  /** Whether namespaces limit what this caller sees and writes. */
  public boolean restricted() {
    return !admin;
  }
}
