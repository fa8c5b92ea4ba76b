package dev.mnemos.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.grpc.CallerInterceptor;
import dev.mnemos.server.grpc.GrpcLimits;
import dev.mnemos.server.grpc.GrpcMetrics;
import dev.mnemos.server.grpc.MnemosGrpcServer;
import dev.mnemos.server.scope.ReadScope;
import dev.mnemos.server.store.MetadataStore;
import dev.mnemos.server.testing.Mlmd;
import dev.mnemos.server.testing.MlmdReadProbes;
import dev.mnemos.server.testing.RestrictedCopy;
import dev.mnemos.server.testing.StoreTest;
import dev.mnemos.server.testing.TenancyWorkload;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Read isolation, checked by difference: for random users (random sets of readable namespaces, with
 * and without the shared nodes), every MLMD read over gRPC in the user's scope answers exactly what
 * the same read answers on a copy of the database that holds only what the user may read.
 */
class ReadIsolationDifferentialTest {

  private static final int USERS = 9;

  @StoreTest
  void everyReadInAScopeAnswersAsTheRestrictedDatabase(Mlmd mlmd) throws Exception {
    MetadataStore store = mlmd.store();
    store
        .database()
        .addListener(
            new NodeNamespaces(
                NamespaceAccess.OPEN, new KnownNamespaces(store.database(), Duration.ZERO), ""));
    TenancyWorkload.populate(mlmd.api(), 20261130L);
    MlmdReadProbes probes = MlmdReadProbes.of(mlmd.api());
    Random random = new Random(7);
    List<String> mismatches = new ArrayList<>();
    int compared = 0;
    for (int user = 0; user < USERS; user++) {
      ReadScope scope = randomScope(random, user);
      List<MlmdReadProbes.Answer> scoped;
      try (Served served = Served.as(store, scope)) {
        scoped = probes.ask(served.api());
      }
      List<MlmdReadProbes.Answer> oracle;
      try (RestrictedCopy copy = RestrictedCopy.of(store, mlmd.backend(), scope);
          Served served = Served.as(copy.store(), ReadScope.EVERYTHING)) {
        oracle = probes.ask(served.api());
      }
      for (int i = 0; i < oracle.size(); i++) {
        compared++;
        if (!oracle.get(i).equals(scoped.get(i))) {
          mismatches.add(
              "user "
                  + scope
                  + ", "
                  + oracle.get(i).probe()
                  + ":\n  restricted database: "
                  + oracle.get(i).answer()
                  + "\n  scoped: "
                  + scoped.get(i).answer());
        }
      }
    }
    assertThat(compared).as("probes compared").isGreaterThan(1000);
    assertThat(mismatches).isEmpty();
  }

  /** Every user sees a different set; the first sees nothing, the second everything of a tenant. */
  private static ReadScope randomScope(Random random, int user) {
    Set<String> readable = new TreeSet<>();
    if (user > 0) {
      for (String namespace : TenancyWorkload.NAMESPACES) {
        if (user == 1 ? namespace.equals("team-a") : random.nextBoolean()) {
          readable.add(namespace);
        }
      }
    }
    return ReadScope.of(readable, user % 4 != 3);
  }

  /** A gRPC server over a store for one caller whose reads see {@code scope}. */
  private record Served(MnemosGrpcServer server, ManagedChannel channel) implements AutoCloseable {

    static Served as(MetadataStore store, ReadScope scope) throws Exception {
      String name = InProcessServerBuilder.generateName();
      Caller user = new Caller("user@example.com", Set.of(), Caller.How.GATEWAY, false);
      MnemosGrpcServer server =
          new MnemosGrpcServer(
                  InProcessServerBuilder.forName(name).directExecutor(),
                  store,
                  GrpcLimits.KFP,
                  new GrpcMetrics(new PrometheusRegistry()),
                  CallerInterceptor.fixed(user),
                  caller -> scope)
              .start();
      return new Served(server, InProcessChannelBuilder.forName(name).directExecutor().build());
    }

    MetadataStoreServiceBlockingStub api() {
      return MetadataStoreServiceGrpc.newBlockingStub(channel);
    }

    @Override
    public void close() throws InterruptedException {
      channel.shutdownNow();
      server.close();
    }
  }
}
