package dev.mnemos.app;

import com.google.gson.Gson;
import dev.mnemos.proto.admin.ArtifactMark;
import dev.mnemos.proto.admin.DeleteRunsProgress;
import dev.mnemos.proto.admin.DeleteRunsRequest;
import dev.mnemos.proto.admin.LifecycleGrpc;
import dev.mnemos.proto.admin.RemovedArtifact;
import dev.mnemos.proto.admin.RunSelection;
import dev.mnemos.query.lifecycle.RetentionRule;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Deletes runs through a running server's admin API (so its search index and summaries follow), a
 * dry run unless told otherwise: prints a progress bar and the totals on stderr, and each removed
 * artifact's URI as a JSON line on stdout for the operator's own tool to delete the objects.
 */
@Command(
    name = "gc",
    mixinStandardHelpOptions = true,
    description = {
      "Delete runs and what belongs only to them, keeping what kept runs descend from"
          + " (docs/lifecycle.md). A dry run unless --no-dry-run is given.",
      "Removed artifacts are printed on stdout as JSON lines {\"id\":…,\"uri\":…}."
    })
final class GcCommand implements Callable<Integer> {

  private static final Gson JSON = new Gson();

  @Option(
      names = "--server",
      defaultValue = "localhost:8080",
      description = "host:port of the Mnemos gRPC API (default: ${DEFAULT-VALUE}).")
  String server = "localhost:8080";

  @Option(
      names = "--tls-ca",
      description = "Connect with TLS, trusting the certificates in this PEM file.")
  @Nullable Path tlsCa;

  @Option(
      names = "--token-file",
      description =
          "Send this file's contents as a bearer token (when the server authenticates; e.g. a"
              + " service account token).")
  @Nullable Path tokenFile;

  @Option(names = "--run", paramLabel = "ID", description = "A run (context id) to delete.")
  List<Long> runs = List.of();

  @Option(names = "--pipeline", description = "Runs of the pipeline of this name.")
  @Nullable String pipeline;

  @Option(
      names = "--run-type",
      paramLabel = "TYPE",
      description = "Runs of this context type (one of the server's --run_types).")
  @Nullable String runType;

  @Option(
      names = "--older-than",
      paramLabel = "AGE",
      converter = AgeConverter.class,
      description = "Runs that ended longer ago than this: 90d, 12h, 30m or ISO-8601 (P90D).")
  @Nullable Duration olderThan;

  @Option(
      names = "--keep-newest",
      paramLabel = "N",
      description = "Leave the newest N runs of each pipeline, whatever else they match.")
  @Nullable Integer keepNewest;

  @Option(
      names = "--protect-artifacts",
      paramLabel = "FILTER",
      description = "An MLMD filter_query: matching artifacts stay, with their whole upstream.")
  @Nullable String protectArtifacts;

  @Option(
      names = "--protect-executions",
      paramLabel = "FILTER",
      description = "The same over executions.")
  @Nullable String protectExecutions;

  @Option(
      names = "--dry-run",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Only say what would be removed (default); --no-dry-run deletes.")
  boolean dryRun = true;

  /** The MLMD states `--mark` sets. */
  enum Mark {
    DELETED(ArtifactMark.ARTIFACT_MARK_DELETED),
    MARKED_FOR_DELETION(ArtifactMark.ARTIFACT_MARK_MARKED_FOR_DELETION);

    final ArtifactMark wire;

    Mark(ArtifactMark wire) {
      this.wire = wire;
    }
  }

  @Option(
      names = "--mark",
      paramLabel = "STATE",
      description =
          "Instead of removing anything, set this MLMD state (${COMPLETION-CANDIDATES}) on the"
              + " artifacts that would go (with --no-dry-run).")
  @Nullable Mark mark;

  @Option(
      names = "--runs-per-batch",
      paramLabel = "N",
      description =
          "Runs per write transaction; otherwise the server sizes each so that it takes about"
              + " 50 ms, since writers wait for it.")
  int runsPerBatch;

  /** The clock `--older-than` counts back from. */
  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PrintStream err = System.err;
    PrintStream out = System.out;
    ManagedChannel channel;
    try {
      channel = channel();
    } catch (IOException e) {
      err.println("mnemos: " + e.getMessage());
      return 1;
    }
    try {
      var stub = LifecycleGrpc.newBlockingStub(channel);
      if (tokenFile != null) {
        stub = stub.withCallCredentials(bearer(Files.readString(tokenFile).strip()));
      }
      Iterator<DeleteRunsProgress> progress = stub.deleteRuns(request());
      DeleteRunsProgress last = DeleteRunsProgress.getDefaultInstance();
      ProgressBar bar = new ProgressBar(err, "deleting");
      while (progress.hasNext()) {
        last = progress.next();
        for (RemovedArtifact artifact : last.getRemovedArtifactsList()) {
          Map<String, Object> line = new LinkedHashMap<>();
          line.put("id", artifact.getId());
          line.put("uri", artifact.getUri());
          out.println(JSON.toJson(line));
        }
        if (!last.getDryRun()) {
          bar.show(last.getRunsExamined(), last.getRunsSelected());
        }
      }
      out.flush();
      var totals = last.getTotals();
      if (last.getMark() != ArtifactMark.ARTIFACT_MARK_NONE) {
        err.printf(
            "mnemos: marked %d artifacts %s; nothing removed%n",
            totals.getRemovedArtifacts(), mark == null ? last.getMark() : mark.name());
        return 0;
      }
      err.printf(
          "%smnemos: %s %d runs, %d executions and %d artifacts; %d runs stay, holding what kept"
              + " nodes descend from%s%n",
          last.getDryRun() ? "" : "\n",
          last.getDryRun() ? "would remove" : "removed",
          totals.getRemovedRuns(),
          totals.getRemovedExecutions(),
          totals.getRemovedArtifacts(),
          totals.getRetainedRuns(),
          last.getDryRun() ? " (a dry run: --no-dry-run deletes)" : "");
      return 0;
    } catch (StatusRuntimeException e) {
      err.println(
          "\nmnemos: "
              + e.getStatus().getCode()
              + ": "
              + (e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription()));
      return 1;
    } catch (IOException e) {
      err.println("mnemos: cannot read " + tokenFile + ": " + e.getMessage());
      return 1;
    } finally {
      channel.shutdownNow();
    }
  }

  private DeleteRunsRequest request() {
    RunSelection.Builder selection = RunSelection.newBuilder().addAllRunIds(runs);
    if (pipeline != null) {
      selection.setPipeline(pipeline);
    }
    if (runType != null) {
      selection.setRunType(runType);
    }
    if (olderThan != null) {
      selection.setEndedBefore(clock.millis() - olderThan.toMillis());
    }
    if (keepNewest != null) {
      selection.setKeepNewest(keepNewest);
    }
    DeleteRunsRequest.Builder request =
        DeleteRunsRequest.newBuilder()
            .setRuns(selection)
            .setDryRun(dryRun)
            .setRunsPerBatch(runsPerBatch);
    if (mark != null) {
      request.setMark(mark.wire);
    }
    if (protectArtifacts != null) {
      request.setProtectedArtifacts(protectArtifacts);
    }
    if (protectExecutions != null) {
      request.setProtectedExecutions(protectExecutions);
    }
    return request.build();
  }

  private ManagedChannel channel() throws IOException {
    NettyChannelBuilder builder =
        NettyChannelBuilder.forTarget(server).maxInboundMessageSize(64 << 20);
    if (tlsCa == null) {
      return builder.usePlaintext().build();
    }
    return builder
        .sslContext(GrpcSslContexts.forClient().trustManager(tlsCa.toFile()).build())
        .build();
  }

  private static CallCredentials bearer(String token) {
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(
          RequestInfo info, Executor executor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        applier.apply(headers);
      }
    };
  }

  /** 90d, 12h, 30m, 45s, or an ISO-8601 duration, as a retention rule reads it. */
  static final class AgeConverter implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return RetentionRule.age(value);
      } catch (RuntimeException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
