package dev.mnemos.mlflow.model;

import dev.mnemos.server.errors.StoreException;
import java.util.Locale;

/**
 * The stages of MLflow's registry, by their wire names; a deleted version is in {@link #DELETED}, a
 * stage no request may name.
 */
public enum ModelStage {
  NONE("None"),
  STAGING("Staging"),
  PRODUCTION("Production"),
  ARCHIVED("Archived"),
  DELETED("Deleted_Internal");

  private final String wireName;

  ModelStage(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Staging and Production: the stages whose other versions a transition may archive. */
  public boolean active() {
    return this == STAGING || this == PRODUCTION;
  }

  /** The stage a request names, in any case; INVALID_ARGUMENT for another. */
  public static ModelStage named(String name) {
    for (ModelStage stage : values()) {
      if (stage != DELETED
          && stage.wireName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return stage;
      }
    }
    throw StoreException.invalidArgument(
        "Invalid Model Version stage: "
            + name
            + ". Value must be one of None, Staging, Production, Archived.");
  }

  /** The stage stored under {@code wireName}; NONE for one this version does not know. */
  public static ModelStage stored(String wireName) {
    for (ModelStage stage : values()) {
      if (stage.wireName.equals(wireName)) {
        return stage;
      }
    }
    return NONE;
  }
}
