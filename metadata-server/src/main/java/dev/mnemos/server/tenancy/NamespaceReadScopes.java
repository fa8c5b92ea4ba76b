package dev.mnemos.server.tenancy;

import dev.mnemos.server.auth.AuthenticationException;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.scope.ReadScope;
import java.util.Set;
import java.util.TreeSet;

/**
 * A caller reads the namespaces it may read ({@link NamespaceAccess}, for Kubeflow the right to
 * list runs there) among those that hold nodes, and the nodes without a namespace when they are
 * shared (no default namespace) or it may read the default namespace. Admins and Mnemos itself read
 * everything.
 */
public final class NamespaceReadScopes implements ReadScopes {

  private final NamespaceAccess access;
  private final KnownNamespaces known;
  private final String defaultNamespace;

  /**
   * @param defaultNamespace the namespace of nodes without one; empty: they are shared by all
   */
  public NamespaceReadScopes(
      NamespaceAccess access, KnownNamespaces known, String defaultNamespace) {
    this.access = access;
    this.known = known;
    this.defaultNamespace = defaultNamespace;
  }

  @Override
  public ReadScope of(Caller caller) {
    if (!caller.restricted()) {
      return ReadScope.EVERYTHING;
    }
    try {
      Set<String> readable = new TreeSet<>();
      for (String namespace : known.all()) {
        if (access.may(caller, NamespaceAccess.Action.READ, namespace)) {
          readable.add(namespace);
        }
      }
      boolean shared =
          defaultNamespace.isEmpty()
              || readable.contains(defaultNamespace)
              || access.may(caller, NamespaceAccess.Action.READ, defaultNamespace);
      return ReadScope.of(readable, shared);
    } catch (AuthenticationException e) {
      throw new StoreException(ErrorCode.UNAVAILABLE, String.valueOf(e.getMessage()), e);
    }
  }
}
