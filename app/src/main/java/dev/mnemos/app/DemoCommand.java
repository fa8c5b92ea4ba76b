package dev.mnemos.app;

import dev.mnemos.app.demo.DemoStore;
import dev.mnemos.proto.mlmd.GetContextByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Records the demo store (three pipelines of 30 KFP v2 runs and two hyperparameter searches) into a
 * running server through its MLMD gRPC API, as KFP would: something realistic to try the browser
 * and the GraphQL API on.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Record a realistic demo store into a running Mnemos through its gRPC API: 92 KFP v2 runs"
          + " of 4 pipelines (cached steps, failures, running runs, hyperparameter searches).",
      "Record it into an empty store: the runs carry fixed ids, so it is recorded once."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--store",
      defaultValue = "localhost:8080",
      description = "host:port of the store's gRPC API (default ${DEFAULT-VALUE}).")
  String store;

  @Option(
      names = "--seed",
      defaultValue = "17",
      description = "Varies the runs' ids and values (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    PrintStream err = System.err;
    ManagedChannel channel = NettyChannelBuilder.forTarget(store).usePlaintext().build();
    try {
      var api = MetadataStoreServiceGrpc.newBlockingStub(channel);
      boolean recorded =
          api.withDeadlineAfter(10, TimeUnit.SECONDS)
              .getContextByTypeAndName(
                  GetContextByTypeAndNameRequest.newBuilder()
                      .setTypeName("system.Pipeline")
                      .setContextName(DemoStore.PIPELINES.getFirst())
                      .build())
              .hasContext();
      if (recorded) {
        err.println(
            "mnemos: "
                + store
                + " already holds a pipeline named "
                + DemoStore.PIPELINES.getFirst()
                + "; record the demo into an empty store (e.g. ./mnemos serve --data_dir"
                + " demo-data)");
        return 1;
      }
      long started = System.nanoTime();
      int total = DemoStore.runCount();
      DemoStore.Landmarks landmarks =
          DemoStore.record(
              api,
              seed,
              done -> err.printf("\rRecording the demo store: %d of %d runs", done, total));
      err.printf(
          "%nRecorded %d runs of %s in %.1f s. Open the lineage browser (http://localhost:8081/"
              + " by default): #/runs for the runs, #/lineage/artifact/%d for the census dataset"
              + " and everything built from it.%n",
          landmarks.runs().size(),
          String.join(", ", DemoStore.PIPELINES),
          (System.nanoTime() - started) / 1e9,
          landmarks.censusDataset());
      return 0;
    } catch (StatusRuntimeException e) {
      err.println(
          "mnemos: " + store + " answered " + e.getStatus().getCode() + ": " + e.getMessage());
      return 1;
    } finally {
      channel.shutdownNow();
    }
  }
}
