package dev.mnemos.mlflow.store;

import dev.mnemos.mlflow.model.MlflowError;
import dev.mnemos.mlflow.model.ModelStage;
import dev.mnemos.mlflow.model.ModelVersion;
import dev.mnemos.mlflow.model.RegisteredModel;
import dev.mnemos.mlflow.model.TrackingException;
import dev.mnemos.mlflow.store.TrackingStore.Page;
import dev.mnemos.server.errors.StoreException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * MLflow's model registry over the MLMD store, protocol-neutral, beside {@link TrackingStore}:
 * registered models are contexts of type {@code mlflow.RegisteredModel}, their versions artifacts
 * of type {@code mlflow.ModelVersion} linked to the runs and logged models they come from. Each
 * write is one transaction; refusals are {@link StoreException}s (INVALID_ARGUMENT, NOT_FOUND,
 * ALREADY_EXISTS) or {@link TrackingException}s where MLflow answers another code. Names and
 * versions are MLflow's: a version is a number per registered model, never given twice.
 */
public final class ModelRegistry {

  /** The page size of a registered-model search that names none, and the largest one may name. */
  public static final int DEFAULT_MODEL_RESULTS = 100;

  public static final int MAX_MODEL_RESULTS = 1000;

  /** The page size of a version search that names none, and the largest one may name. */
  public static final int DEFAULT_VERSION_RESULTS = 10000;

  public static final int MAX_VERSION_RESULTS = 200_000;

  private static final int MAX_NAME_LENGTH = 255;
  private static final int MAX_TAG_KEY_LENGTH = 250;
  private static final int MAX_TAG_VALUE_LENGTH = 100_000;

  /**
   * MLflow allows 255 characters; an alias is kept as a custom property named {@code alias:} and
   * the alias, and MLMD's property names hold 255.
   */
  private static final int MAX_ALIAS_LENGTH = 249;

  private static final Pattern ALIAS = Pattern.compile("^[\\w\\-]*$");
  private static final Pattern VERSION_ALIAS = Pattern.compile("^[vV]\\d+$");

  private final RegisteredModels models;
  private final ModelVersions versions;
  private final VersionSources sources;

  ModelRegistry(RegisteredModels models, ModelVersions versions, VersionSources sources) {
    this.models = models;
    this.versions = versions;
    this.sources = sources;
  }

  // Registered models

  /** Creates a registered model; ALREADY_EXISTS when the name is taken. */
  public RegisteredModel createModel(
      String name, List<Map.Entry<String, String>> tags, @Nullable String description) {
    modelName(name);
    tags.forEach(tag -> tag(tag.getKey(), tag.getValue()));
    return models.create(name, tags, description);
  }

  public RegisteredModel model(String name) {
    modelName(name);
    return models.get(name);
  }

  /** Sets the description, or removes it when null. */
  public RegisteredModel updateModel(String name, @Nullable String description) {
    modelName(name);
    return models.update(name, description);
  }

  /** Renames the model and its versions; ALREADY_EXISTS when {@code newName} is taken. */
  public RegisteredModel renameModel(String name, String newName) {
    modelName(newName);
    modelName(name);
    return models.rename(name, newName);
  }

  /** Deletes the model and its versions from the registry; the lineage they carry stays. */
  public void deleteModel(String name) {
    modelName(name);
    models.delete(name);
  }

  public void setModelTag(String name, String key, String value) {
    modelName(name);
    tag(key, value);
    models.setTag(name, key, value);
  }

  public void deleteModelTag(String name, String key) {
    modelName(name);
    tag(key, "");
    models.deleteTag(name, key);
  }

  /**
   * Registered models whose name and tags match {@code filter} ({@link RegistryFilter}), in {@code
   * orderBy}'s order ({@link RegistryOrder}), prompts left out unless asked for.
   */
  public Page<RegisteredModel> searchModels(
      String filter, int maxResults, List<String> orderBy, String pageToken) {
    atMost(MAX_MODEL_RESULTS, maxResults);
    RegistryFilter<RegisteredModel> parsed = RegistryFilter.parse(filter, RegistryFilter.MODELS);
    var order = RegistryOrder.models(orderBy);
    return found(
        models.all(),
        parsed,
        order,
        maxResults <= 0 ? DEFAULT_MODEL_RESULTS : maxResults,
        pageToken);
  }

  /** INVALID_ARGUMENT for a page larger than {@code most}, as MLflow words it. */
  private static void atMost(int most, int limit) {
    if (limit > most) {
      throw StoreException.invalidArgument(
          "Invalid value for request parameter max_results. It must be at most "
              + most
              + ", but got value "
              + limit);
    }
  }

  /** A page of the items that match, in order. */
  private static <T> Page<T> found(
      List<T> all, RegistryFilter<T> filter, Comparator<T> order, int limit, String pageToken) {
    List<T> matching = new ArrayList<>(all.stream().filter(filter::matches).toList());
    matching.sort(order);
    return Pages.page(matching, Pages.offset(pageToken), limit);
  }

  // Aliases

  public void setAlias(String name, String alias, String version) {
    modelName(name);
    alias(alias);
    if (alias.equalsIgnoreCase("latest")) {
      throw StoreException.invalidArgument("'latest' alias name (case insensitive) is reserved.");
    }
    if (VERSION_ALIAS.matcher(alias).matches()) {
      throw StoreException.invalidArgument("Version alias name '" + alias + "' is reserved.");
    }
    models.setAlias(name, alias, version(version));
  }

  /** Deletes the alias; one the model has not is no error, as MLflow answers. */
  public void deleteAlias(String name, String alias) {
    modelName(name);
    alias(alias);
    models.deleteAlias(name, alias);
  }

  /** The version the alias names; {@code latest} (in any case) names the newest version. */
  public ModelVersion versionByAlias(String name, String alias) {
    modelName(name);
    alias(alias);
    return versions.byAlias(name, alias);
  }

  // Model versions

  /**
   * Registers a new version of the model from {@code source} ({@link VersionSources}); {@code
   * runId} and {@code modelId} are null when not named.
   */
  public ModelVersion createVersion(
      String name,
      String source,
      @Nullable String runId,
      String runLink,
      @Nullable String description,
      @Nullable String modelId,
      List<Map.Entry<String, String>> tags) {
    modelName(name);
    tags.forEach(tag -> tag(tag.getKey(), tag.getValue()));
    VersionSources.Resolved resolved = sources.resolve(source, runId, modelId);
    return versions.create(
        new ModelVersions.NewVersion(
            name,
            resolved.source(),
            resolved.storageLocation(),
            resolved.runId(),
            runLink,
            description,
            resolved.modelId(),
            tags));
  }

  public ModelVersion version(String name, String version) {
    modelName(name);
    return versions.get(name, version(version));
  }

  /** Sets the description, or removes it when null. */
  public ModelVersion updateVersion(String name, String version, @Nullable String description) {
    modelName(name);
    return versions.update(name, version(version), description);
  }

  /**
   * Moves the version to {@code stage}; with {@code archiveOthers} (Staging and Production only)
   * the model's other versions in it move to Archived.
   */
  public ModelVersion transitionStage(
      String name, String version, String stage, boolean archiveOthers) {
    ModelStage target = ModelStage.named(stage);
    if (archiveOthers && !target.active()) {
      // MLflow raises this without a code, which its server answers as an internal error.
      throw new TrackingException(
          MlflowError.INTERNAL_ERROR,
          "Model version transition cannot archive existing model versions because '"
              + stage
              + "' is not an Active stage. Valid stages are ['Staging', 'Production']");
    }
    modelName(name);
    return versions.transition(name, version(version), target, archiveOthers);
  }

  public void deleteVersion(String name, String version) {
    int number = version(version);
    modelName(name);
    versions.delete(name, number);
  }

  public void setVersionTag(String name, String version, String key, String value) {
    modelName(name);
    int number = version(version);
    tag(key, value);
    versions.setTag(name, number, key, value);
  }

  public void deleteVersionTag(String name, String version, String key) {
    modelName(name);
    int number = version(version);
    tag(key, "");
    versions.deleteTag(name, number, key);
  }

  /** Where the version's files are read from. */
  public String downloadUri(String name, String version) {
    modelName(name);
    return versions.get(name, version(version)).storageLocation();
  }

  /** The newest version in each of the named stages (each stage when none is named). */
  public List<ModelVersion> latestVersions(String name, List<String> stages) {
    modelName(name);
    return versions.latest(name, stages);
  }

  /** Versions that match {@code filter}, in {@code orderBy}'s order, prompts left out. */
  public Page<ModelVersion> searchVersions(
      String filter, @Nullable Integer maxResults, List<String> orderBy, String pageToken) {
    int limit = maxResults == null ? DEFAULT_VERSION_RESULTS : maxResults;
    if (limit < 1) {
      throw StoreException.invalidArgument(
          "Invalid value for max_results. It must be a positive integer, but got " + limit);
    }
    atMost(MAX_VERSION_RESULTS, limit);
    RegistryFilter<ModelVersion> parsed = RegistryFilter.parse(filter, RegistryFilter.VERSIONS);
    var order = RegistryOrder.versions(orderBy);
    return found(versions.all(), parsed, order, limit, pageToken);
  }

  // Validation, as MLflow's

  private static void modelName(String name) {
    if (name.isBlank()) {
      throw StoreException.invalidArgument("Missing value for required parameter 'name'.");
    }
    if (name.contains("/") || name.contains(":")) {
      throw StoreException.invalidArgument(
          "Invalid model name '" + name + "'. Names cannot contain '/' or ':'.");
    }
    // MLMD's context names hold 255 characters (MLflow's registry 256).
    Validation.length("name", MAX_NAME_LENGTH, name);
    String normal = Validation.normalPath(name);
    if (!normal.equals(name) || normal.equals(".") || normal.startsWith("..")) {
      throw StoreException.invalidArgument(
          Validation.invalidValue(
              "name",
              name,
              "Names may be treated as files in certain cases, and must not resolve to other names"
                  + " when treated as such. This name would resolve to '"
                  + normal
                  + "'"));
    }
  }

  private static void tag(String key, String value) {
    Validation.tag(key, "", "");
    Validation.length("key", MAX_TAG_KEY_LENGTH, key);
    Validation.length("value", MAX_TAG_VALUE_LENGTH, value);
  }

  private static void alias(String alias) {
    if (alias.isEmpty()) {
      throw StoreException.invalidArgument("Registered model alias name cannot be empty.");
    }
    if (!ALIAS.matcher(alias).matches()) {
      throw StoreException.invalidArgument(
          "Invalid alias name: '"
              + alias
              + "'. Names may only contain alphanumerics, underscores (_), and dashes (-).");
    }
    Validation.length("Registered model alias name", MAX_ALIAS_LENGTH, alias);
  }

  private static int version(String version) {
    try {
      return Integer.parseInt(version.strip());
    } catch (NumberFormatException e) {
      throw StoreException.invalidArgument(
          "Parameter 'version' must be an integer, got '" + version + "'.");
    }
  }
}
