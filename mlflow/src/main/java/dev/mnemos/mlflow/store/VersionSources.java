package dev.mnemos.mlflow.store;

import dev.mnemos.mlflow.model.LoggedModel;
import dev.mnemos.mlflow.model.MlflowError;
import dev.mnemos.mlflow.model.ModelVersion;
import dev.mnemos.mlflow.model.TrackingException;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Checks and resolves where a new model version comes from, as MLflow's server does before it
 * registers one: a local path must lie in the artifact directory of the run (or logged model) named
 * with it, a {@code runs:/} or {@code models:/<id>} source must name that run or model, no source
 * may climb out of its root with {@code ..}; a {@code models:/} source is read from the logged
 * model's or the source version's location, and lends the version its run when none is named.
 */
final class VersionSources {

  /** A source checked: what the version records, where it is read from, its run and model. */
  record Resolved(String source, String storageLocation, String runId, @Nullable String modelId) {}

  /**
   * A {@code models:/} URI: a logged model's id, or a registered model and how to pick a version.
   */
  private record ModelsUri(
      @Nullable String modelId,
      @Nullable String name,
      @Nullable String version,
      @Nullable String stage,
      @Nullable String alias) {}

  private final Function<String, String> runArtifactUri;
  private final Function<String, LoggedModel> loggedModel;
  private final ModelVersions versions;

  VersionSources(
      Function<String, String> runArtifactUri,
      Function<String, LoggedModel> loggedModel,
      ModelVersions versions) {
    this.runArtifactUri = runArtifactUri;
    this.loggedModel = loggedModel;
    this.versions = versions;
  }

  /**
   * {@code runId} and {@code modelId} are null when the request did not name them (MLflow tells an
   * empty value from a missing one where a {@code models:/} source lends them).
   */
  Resolved resolve(String source, @Nullable String runId, @Nullable String modelId) {
    String run = runId == null ? "" : runId;
    String model = modelId == null ? "" : modelId;
    URI parsed = parse(source);
    if ("models".equals(parsed.getScheme())) {
      if (parsed.getRawAuthority() != null) {
        throw invalid(
            "Invalid model version source: '"
                + source
                + "'. Registered model sources must use the active model registry.");
      }
      ModelsUri uri = modelsUri(source, parsed);
      if (uri.modelId() == null) {
        ModelVersion origin = pick(uri);
        String originModel = origin.modelId() == null ? "" : origin.modelId();
        if (runId != null && !run.equals(origin.runId())
            || modelId != null && !model.equals(originModel)) {
          throw invalid(
              "Invalid model version source: '"
                  + source
                  + "'. The run_id and model_id request parameters must match the referenced"
                  + " model version.");
        }
        source = "models:/" + origin.name() + "/" + origin.version();
        run = runId != null ? run : origin.runId();
        model = modelId != null ? model : originModel;
        parsed = parse(source);
      }
    }
    if (!model.isEmpty()) {
      checkAgainstModel(source, parsed, model);
    } else {
      checkAgainstRun(source, parsed, run);
    }
    String storage = source;
    if ("models".equals(parsed.getScheme())) {
      ModelsUri uri = modelsUri(source, parsed);
      if (uri.modelId() != null) {
        LoggedModel found = fetched(source, () -> loggedModel.apply(uri.modelId()));
        storage = found.artifactUri();
        run = run.isEmpty() ? found.sourceRunId() : run;
      } else {
        storage =
            versions
                .get(
                    Objects.requireNonNull(uri.name()),
                    number(Objects.requireNonNull(uri.version())))
                .storageLocation();
      }
    }
    if (!model.isEmpty() && !"models".equals(parsed.getScheme())) {
      // MLflow registers the version first and then fails to tag a model that is not there,
      // leaving the version; here the request is refused whole.
      String modelRun = loggedModel.apply(model).sourceRunId();
      run = run.isEmpty() ? modelRun : run;
    }
    return new Resolved(source, storage, run, model.isEmpty() ? null : model);
  }

  private ModelVersion pick(ModelsUri uri) {
    String name = Objects.requireNonNull(uri.name());
    if (uri.version() != null) {
      return versions.get(name, number(uri.version()));
    }
    if (uri.alias() != null) {
      return versions.byAlias(name, uri.alias());
    }
    List<String> stages = new ArrayList<>();
    if (uri.stage() != null) {
      stages.add(uri.stage());
    }
    return versions.latest(name, stages).stream()
        .max(Comparator.comparingInt(ModelVersion::version))
        .orElseThrow(
            () ->
                new TrackingException(
                    MlflowError.INTERNAL_ERROR,
                    "No versions of model with name '"
                        + name
                        + "'"
                        + (uri.stage() == null ? "" : " and stage '" + uri.stage() + "'")
                        + " found"));
  }

  private static <T> T fetched(String source, Supplier<T> read) {
    try {
      return read.get();
    } catch (StoreException e) {
      throw new TrackingException(
          MlflowError.INTERNAL_ERROR,
          "Unable to fetch model from model URI source artifact location '"
              + source
              + "'.Error: "
              + e.getMessage());
    }
  }

  private void checkAgainstRun(String source, URI parsed, String runId) {
    if (local(parsed)) {
      if (!runId.isEmpty()) {
        Path path = localPath(source, parsed);
        String root = existing(source, "run_id", () -> runArtifactUri.apply(runId));
        if (contains(root, path)) {
          return;
        }
        source = path.toString();
      }
      throw invalid(localMessage(source, "run_id", "run specified by the run_id"));
    }
    checkNoClimbing(source);
    String scheme = parsed.getScheme();
    if (scheme.equals("runs")) {
      String[] parts = parsed.getPath() == null ? new String[0] : parsed.getPath().split("/");
      String named = parts.length > 1 ? parts[1] : "";
      if (parsed.getRawAuthority() == null && !runId.isEmpty() && named.equals(runId)) {
        return;
      }
      throw wrongSource(source, "run_id");
    }
    if (scheme.equals("models")
        && (parsed.getRawAuthority() != null || modelsUri(source, parsed).modelId() != null)) {
      throw wrongSource(source, "model_id");
    }
    if (artifactRoute(parsed)
        && (runId.isEmpty()
            || !within(parsed, existing(source, "run_id", () -> runArtifactUri.apply(runId))))) {
      throw wrongSource(source, "run_id");
    }
  }

  private void checkAgainstModel(String source, URI parsed, String modelId) {
    if (local(parsed)) {
      Path path = localPath(source, parsed);
      String root = existing(source, "model_id", () -> loggedModel.apply(modelId).artifactUri());
      if (contains(root, path)) {
        return;
      }
      throw invalid(localMessage(path.toString(), "model_id", "run specified by the model_id"));
    }
    checkNoClimbing(source);
    String scheme = parsed.getScheme();
    if (scheme.equals("models")) {
      String named = parsed.getRawAuthority() == null ? modelsUri(source, parsed).modelId() : "";
      if (named == null || named.equals(modelId)) {
        return;
      }
      throw wrongSource(source, "model_id");
    }
    if (scheme.equals("runs")) {
      throw wrongSource(source, "model_id");
    }
    if (artifactRoute(parsed)
        && !within(
            parsed, existing(source, "model_id", () -> loggedModel.apply(modelId).artifactUri()))) {
      throw wrongSource(source, "model_id");
    }
  }

  private static String existing(String source, String idName, Supplier<String> read) {
    try {
      return read.get();
    } catch (StoreException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        throw wrongSource(source, idName);
      }
      throw e;
    }
  }

  private static boolean local(URI parsed) {
    String scheme = parsed.getScheme();
    return scheme == null || scheme.equals("file");
  }

  private static Path localPath(String source, URI parsed) {
    String path = parsed.getScheme() == null ? source : parsed.getPath();
    try {
      return Path.of(path == null ? parsed.getSchemeSpecificPart() : path)
          .toAbsolutePath()
          .normalize();
    } catch (InvalidPathException e) {
      throw invalid("Invalid model version source: '" + source + "'. " + e.getReason() + ".");
    }
  }

  /** A version's number in a URI; one past what an int holds names no version, as in MLflow. */
  private static int number(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Whether the local path lies in {@code root}, itself a local URI. */
  private static boolean contains(String root, Path path) {
    URI parsed = parse(root);
    if (!local(parsed)) {
      return false;
    }
    return path.startsWith(localPath(root, parsed));
  }

  private static String localMessage(String source, String idName, String owner) {
    return "Invalid model version source: '"
        + source
        + "'. To use a local path as a model version source, the "
        + idName
        + " request parameter has to be specified and the local path has to be contained within"
        + " the artifact directory of the "
        + owner
        + ".";
  }

  /** MLflow's guard against sources that climb out of their root. */
  private static void checkNoClimbing(String source) {
    String unquoted = source;
    while (true) {
      String next;
      try {
        next = URLDecoder.decode(unquoted, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        // A stray % is left as it is, as Python's unquote leaves it.
        break;
      }
      if (next.equals(unquoted)) {
        break;
      }
      unquoted = next;
    }
    String path = pathOf(unquoted).replaceAll("/+", "/");
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.contains("\0")
        || Arrays.asList(unquoted.split("/")).contains("..")
        || !path.startsWith("/")
        || !Validation.normalPath(path).equals(path)) {
      throw invalid(
          "Invalid model version source: '"
              + unquoted
              + "'. If supplying a source as an http, https, local file path, ftp, objectstore, or"
              + " mlflow-artifacts uri, an absolute path must be provided without relative path"
              + " references present. Please provide an absolute path.");
    }
  }

  /** The path of a URI as Python's urlparse splits it: after the scheme and authority. */
  private static String pathOf(String uri) {
    int colon = uri.indexOf(':');
    String rest =
        colon > 0 && uri.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")
            ? uri.substring(colon + 1)
            : uri;
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      rest = slash < 0 ? "" : rest.substring(slash);
    }
    int cut = rest.indexOf('?');
    return cut < 0 ? rest : rest.substring(0, cut);
  }

  private static boolean artifactRoute(URI parsed) {
    String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("mlflow-artifacts")
        || (scheme.equals("http") || scheme.equals("https"))
            && String.valueOf(parsed.getPath()).contains("/api/2.0/mlflow-artifacts/artifacts");
  }

  private static boolean within(URI source, String root) {
    URI parsedRoot = parse(root);
    return String.valueOf(source.getScheme())
            .equalsIgnoreCase(String.valueOf(parsedRoot.getScheme()))
        && String.valueOf(source.getRawAuthority())
            .equalsIgnoreCase(String.valueOf(parsedRoot.getRawAuthority()))
        && parsedRoot.getPath() != null
        && !parsedRoot.getPath().replace("/", "").isEmpty()
        && Path.of(String.valueOf(source.getPath())).startsWith(Path.of(parsedRoot.getPath()));
  }

  private static ModelsUri modelsUri(String source, URI parsed) {
    String path = parsed.getPath();
    if (path == null || !path.startsWith("/") || path.length() <= 1) {
      throw wrongSource(source, "model_id");
    }
    String[] parts = path.replaceFirst("^/+", "").split("/", -1);
    if (parts.length > 2 || parts[0].isBlank()) {
      throw wrongSource(source, "model_id");
    }
    if (parts.length == 2) {
      String suffix = parts[1];
      if (suffix.isBlank()) {
        throw wrongSource(source, "model_id");
      }
      if (suffix.chars().allMatch(Character::isDigit)) {
        return new ModelsUri(null, parts[0], suffix, null, null);
      }
      if (suffix.equalsIgnoreCase("latest")) {
        return new ModelsUri(null, parts[0], null, null, null);
      }
      return new ModelsUri(null, parts[0], null, suffix, null);
    }
    int at = parts[0].lastIndexOf('@');
    if (path.contains("@")) {
      if (at < 0 || parts[0].substring(at + 1).isBlank()) {
        throw wrongSource(source, "model_id");
      }
      return new ModelsUri(null, parts[0].substring(0, at), null, null, parts[0].substring(at + 1));
    }
    return new ModelsUri(parts[0], null, null, null, null);
  }

  private static URI parse(String source) {
    try {
      return new URI(source);
    } catch (URISyntaxException e) {
      // Characters java.net.URI refuses (a space in a model's name) are quoted, the parts kept.
      try {
        int colon = source.indexOf(':');
        if (colon > 0 && source.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
          return new URI(source.substring(0, colon), source.substring(colon + 1), null);
        }
        return new URI(null, null, source, null);
      } catch (URISyntaxException again) {
        throw invalid("Invalid model version source: '" + source + "'.");
      }
    }
  }

  private static StoreException wrongSource(String source, String idName) {
    return invalid(
        "Invalid model version source: '"
            + source
            + "'. The "
            + idName
            + " request parameter must identify the resource that contains the source.");
  }

  private static StoreException invalid(String message) {
    return StoreException.invalidArgument(message);
  }
}
