package dev.mnemos.watcher.argo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where an Argo artifact lives in an S3-compatible store. Argo 2.x wrote all three parts on every
 * artifact; Argo 3.x writes the key alone and leaves endpoint and bucket to the artifact
 * repository, so either of those may be empty here.
 */
public record S3Location(String endpoint, String bucket, String key) {

  private static final Pattern AMAZON = Pattern.compile(".*s3.*amazonaws\\.com.*");

  static Optional<S3Location> of(JsonObject artifact) {
    JsonElement s3 = artifact.get("s3");
    if (s3 == null || !s3.isJsonObject()) {
      return Optional.empty();
    }
    JsonObject location = s3.getAsJsonObject();
    return Optional.of(
        new S3Location(
            Json.string(location, "endpoint"),
            Json.string(location, "bucket"),
            Json.string(location, "key")));
  }

  /** This location with its empty parts taken from {@code fallback}. */
  public S3Location orElse(S3Location fallback) {
    return new S3Location(
        endpoint.isEmpty() ? fallback.endpoint : endpoint,
        bucket.isEmpty() ? fallback.bucket : bucket,
        key.isEmpty() ? fallback.key : key);
  }

  /**
   * The artifact URI as KFP's metadata writer spells it, {@code <s3|minio>://bucket/key}: so
   * artifacts recorded by either writer match by URI.
   */
  public String uri() {
    String provider = AMAZON.matcher(endpoint).matches() ? "s3" : "minio";
    return provider + "://" + bucket + "/" + key;
  }
}
