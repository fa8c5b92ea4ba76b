package dev.mnemos.server.model;

/** A type named as MLMD's lookups name it: by name and version (empty for an unversioned type). */
public record TypeRef(String name, String version) {

  public TypeRef {
    version = version == null ? "" : version;
  }
}
