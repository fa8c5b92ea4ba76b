package dev.mnemos.mlflow;

import com.sun.net.httpserver.HttpHandler;
import dev.mnemos.mlflow.rest.MlflowHttpHandler;
import dev.mnemos.mlflow.store.TrackingStore;
import dev.mnemos.server.store.MetadataStore;

/**
 * MLflow's tracking API over one store: the tracking store and the handler that serves it at {@link
 * #PATH} on the HTTP port.
 */
public final class MlflowTracking {

  /** Where the REST API is served. */
  public static final String PATH = MlflowHttpHandler.PATH;

  /** Where new experiments keep their artifacts unless the operator says otherwise. */
  public static final String DEFAULT_ARTIFACT_ROOT = "mlflow-artifacts:/";

  private final TrackingStore store;

  private MlflowTracking(TrackingStore store) {
    this.store = store;
  }

  /** Attaches the tracking store to {@code store} (once per store, before it takes writes). */
  public static MlflowTracking attach(MetadataStore store, String artifactRoot) {
    return new MlflowTracking(TrackingStore.open(store, artifactRoot));
  }

  public TrackingStore store() {
    return store;
  }

  /** A handler that answers every request with PERMISSION_DENIED and {@code reason}. */
  public static HttpHandler refusing(String reason) {
    return MlflowHttpHandler.refusing(reason);
  }

  /** The REST API's handler, to mount at {@link #PATH}. */
  public HttpHandler handler() {
    return new MlflowHttpHandler(store);
  }
}
