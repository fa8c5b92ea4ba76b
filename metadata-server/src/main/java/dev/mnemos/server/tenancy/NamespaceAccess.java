package dev.mnemos.server.tenancy;

import dev.mnemos.server.auth.Caller;

/**
 * Which namespaces a caller may read and write, as the cluster's authorization says (for Kubeflow:
 * the rights on Kubeflow Pipelines' runs in that namespace). Admins and Mnemos itself may
 * everything.
 */
public interface NamespaceAccess {

  /** What a request may do in a namespace. */
  enum Action {
    READ,
    WRITE
  }

  /**
   * @throws dev.mnemos.server.auth.AuthenticationException (the checker away) when it cannot be
   *     answered now
   */
  boolean may(Caller caller, Action action, String namespace);

  /** Everyone may everything: authentication off. */
  NamespaceAccess OPEN = (caller, action, namespace) -> true;
}
