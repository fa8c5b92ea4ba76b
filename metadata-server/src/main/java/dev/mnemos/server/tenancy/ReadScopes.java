package dev.mnemos.server.tenancy;

import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.scope.ReadScope;

/** What each caller's reads see; asked once per request, before it reads. */
public interface ReadScopes {

  /**
   * @throws dev.mnemos.server.errors.StoreException UNAVAILABLE when the rights cannot be checked
   *     now
   */
  ReadScope of(Caller caller);

  /** Authentication off: every caller sees everything. */
  ReadScopes EVERYTHING = caller -> ReadScope.EVERYTHING;
}
