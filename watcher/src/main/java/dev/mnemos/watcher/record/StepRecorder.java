package dev.mnemos.watcher.record;

import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.watcher.election.Leadership;
import dev.mnemos.watcher.election.NotLeading;
import io.grpc.Channel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Writes steps into an MLMD store through its gRPC API (Mnemos or the reference server): KFP v1
 * steps in full, KFP v2 executor pods as links to the launcher's executions. Every call is
 * idempotent, so a step may be recorded as often as the cluster reports it.
 */
public final class StepRecorder {

  private final V1StepRecorder v1;
  private final LauncherLinker v2;

  /**
   * @param callTimeout the deadline of each call
   * @param leadership how long this replica may still write: a call is refused ({@link NotLeading})
   *     when the time is up, and its deadline never reaches past it
   */
  public StepRecorder(Channel store, Duration callTimeout, Leadership leadership) {
    MetadataStoreServiceBlockingStub stub = MetadataStoreServiceGrpc.newBlockingStub(store);
    Supplier<MetadataStoreServiceBlockingStub> api =
        () -> {
          Duration left = leadership.remaining();
          if (left.isZero()) {
            throw new NotLeading();
          }
          Duration deadline = left.compareTo(callTimeout) < 0 ? left : callTimeout;
          return stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
        };
    this.v1 = new V1StepRecorder(api, new MlmdTypes(api));
    this.v2 = new LauncherLinker(api);
  }

  /**
   * Brings the store to what {@code record} shows. Throws {@link io.grpc.StatusRuntimeException}
   * when the store fails and {@link NotYetRecorded} when the step refers to what is not there yet;
   * both are worth retrying.
   */
  public Recorded record(StepRecord record) {
    return switch (record.step().kind()) {
      case V1_STEP, V1_CACHED -> v1.record(record);
      case V2_LAUNCHER ->
          record
              .step()
              .launcher()
              .map(command -> v2.link(record.step(), command))
              .orElse(new Recorded(false, false, true));
      case V2_DRIVER, TFX -> new Recorded(false, false, true);
    };
  }
}
