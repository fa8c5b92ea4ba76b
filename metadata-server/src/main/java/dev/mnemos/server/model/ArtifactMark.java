package dev.mnemos.server.model;

/**
 * MLMD's own artifact states that a deletion can set instead of removing rows, for tools that read
 * them (a garbage collector of their own, a UI that hides such artifacts).
 */
public enum ArtifactMark {
  MARKED_FOR_DELETION(3),
  DELETED(4);

  private final long state;

  ArtifactMark(long state) {
    this.state = state;
  }

  /** The `Artifact.state` code MLMD stores. */
  public long state() {
    return state;
  }
}
