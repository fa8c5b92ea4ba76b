package dev.mnemos.client;

import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.GetArtifactsByContextRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByContextResponse;
import dev.mnemos.proto.mlmd.ListOperationOptions;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.proto.mlmd.PutExecutionRequest;
import dev.mnemos.proto.mlmd.PutExecutionResponse;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * A client of an MLMD store's gRPC API (Mnemos or the reference server). Every call of {@link
 * #api()} is there; this class adds what callers otherwise write each time: a deadline per call,
 * retries of writes the store rolled back or never received ({@code ABORTED}, {@code UNAVAILABLE},
 * as KFP's Go client does), and listings that follow {@code next_page_token}.
 */
public final class MnemosClient implements AutoCloseable {

  /** KFP sends requests far larger than gRPC's 4 MiB default; MLMD's Go client allows 100 MiB. */
  private static final int MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

  private static final Set<Status.Code> RETRIED =
      Set.of(Status.Code.ABORTED, Status.Code.UNAVAILABLE);

  private final MetadataStoreServiceBlockingStub stub;
  private final @Nullable ManagedChannel owned;
  private final Duration deadline;
  private final int attempts;

  private MnemosClient(
      Channel channel, @Nullable ManagedChannel owned, Duration deadline, int attempts) {
    this.stub = MetadataStoreServiceGrpc.newBlockingStub(channel);
    this.owned = owned;
    this.deadline = deadline;
    this.attempts = attempts;
  }

  /** A client of the store at {@code target} ({@code host:port}, plaintext), 10 s per call. */
  public static MnemosClient connect(String target) {
    ManagedChannel channel =
        NettyChannelBuilder.forTarget(target)
            .usePlaintext()
            .maxInboundMessageSize(MAX_MESSAGE_BYTES)
            .build();
    return new MnemosClient(channel, channel, Duration.ofSeconds(10), 10);
  }

  /** A client over {@code channel}, which the caller keeps and closes. */
  public static MnemosClient over(Channel channel, Duration deadline, int attempts) {
    return new MnemosClient(channel, null, deadline, attempts);
  }

  /** The whole API, with this client's deadline on each call and no retries. */
  public MetadataStoreServiceBlockingStub api() {
    return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** PutExecution, retried while the store answers ABORTED or UNAVAILABLE. */
  public PutExecutionResponse putExecution(PutExecutionRequest request) {
    return retried(api -> api.putExecution(request));
  }

  /**
   * Calls {@code call} until it succeeds, fails with a status other than ABORTED or UNAVAILABLE, or
   * has been tried as often as this client allows; waits 50 ms, doubling up to 2 s, in between.
   */
  public <T> T retried(Function<MetadataStoreServiceBlockingStub, T> call) {
    long wait = 50;
    for (int attempt = 1; ; attempt++) {
      try {
        return call.apply(api());
      } catch (StatusRuntimeException e) {
        if (attempt >= attempts || !RETRIED.contains(e.getStatus().getCode())) {
          throw e;
        }
      }
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
      }
      wait = Math.min(2000, wait * 2);
    }
  }

  /** The first page of a context's artifacts. */
  public List<Artifact> artifactsByContext(long contextId, int pageSize) {
    return api().getArtifactsByContext(request(contextId, pageSize, "")).getArtifactsList();
  }

  /** Every artifact of a context, fetched a page at a time as the stream is read. */
  public Stream<Artifact> allArtifactsByContext(long contextId, int pageSize) {
    Iterator<Artifact> pages =
        new Iterator<>() {
          private List<Artifact> page = new ArrayList<>();
          private int next;
          private String token = "";
          private boolean last;

          @Override
          public boolean hasNext() {
            while (next == page.size() && !last) {
              GetArtifactsByContextResponse response =
                  api().getArtifactsByContext(request(contextId, pageSize, token));
              page = response.getArtifactsList();
              next = 0;
              token = response.getNextPageToken();
              last = token.isEmpty();
            }
            return next < page.size();
          }

          @Override
          public Artifact next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return page.get(next++);
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  private static GetArtifactsByContextRequest request(long contextId, int pageSize, String token) {
    ListOperationOptions.Builder options =
        ListOperationOptions.newBuilder().setMaxResultSize(pageSize);
    if (!token.isEmpty()) {
      options.setNextPageToken(token);
    }
    return GetArtifactsByContextRequest.newBuilder()
        .setContextId(contextId)
        .setOptions(options)
        .build();
  }

  @Override
  public void close() {
    if (owned != null) {
      owned.shutdownNow();
      try {
        owned.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
