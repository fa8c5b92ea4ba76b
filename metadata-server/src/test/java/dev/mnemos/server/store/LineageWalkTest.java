package dev.mnemos.server.store;

import static dev.mnemos.migrations.jooq.Tables.ARTIFACT;
import static dev.mnemos.migrations.jooq.Tables.EVENT;
import static dev.mnemos.migrations.jooq.Tables.EXECUTION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.server.model.LineageEvent;
import dev.mnemos.server.model.LineageQuery.Direction;
import dev.mnemos.server.scope.ReadScope;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walk's cost is per hop, not per node: on a layered graph of about 10,000 nodes, a 10-hop walk
 * that reaches about 2,000 of them issues a statement count bounded by the hops.
 */
class LineageWalkTest {

  private static final int LAYER = 900;
  private static final int LAYERS = 11;

  @TempDir Path dir;

  @Test
  void tenHopsCostAFewStatementsPerHopWhateverTheNodeCount() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("lineage.sqlite");
    MetadataStore.open(DatabaseSettings.of(url)).close();
    try (Connection connection = DriverManager.getConnection(url)) {
      DSLContext setup = DSL.using(connection, SQLDialect.SQLITE);
      long[][] layers = buildLayers(setup);
      AtomicInteger statements = new AtomicInteger();
      DSLContext counted =
          DSL.using(
              new DefaultConfiguration()
                  .set(connection)
                  .set(SQLDialect.SQLITE)
                  .set(
                      new ExecuteListener() {
                        @Override
                        public void executeStart(ExecuteContext context) {
                          statements.incrementAndGet();
                        }
                      }));

      LineageWalk.Result result =
          new LineageWalk(ReadScope.EVERYTHING)
              .walk(
                  counted,
                  new LineageWalk.Request(
                      Set.of(layers[0][0]),
                      Set.of(),
                      10,
                      Direction.DOWNSTREAM,
                      LineageWalk.Stop.NONE,
                      LineageWalk.Stop.NONE,
                      Optional.empty(),
                      Optional.empty(),
                      Integer.MAX_VALUE));

      int reached = result.artifacts().size() + result.executions().size();
      System.out.printf(
          "10-hop walk over %d nodes reached %d nodes and %d events in %d SQL statements%n",
          LAYER * LAYERS, reached, result.eventIds().size(), statements.get());
      assertThat(reached).isGreaterThan(1500);
      assertThat(result.eventIds()).hasSizeGreaterThanOrEqualTo(reached - 1);
      List<LineageEvent> events =
          new EventRepository(ReadScope.EVERYTHING).byIds(counted, result.eventIds());
      assertThat(events)
          .allMatch(
              e ->
                  result.artifacts().contains(e.artifactId())
                      && result.executions().contains(e.executionId()));
      assertThat(result.artifacts()).contains(layers[10][0], layers[10][1023 % LAYER]);
      assertThat(statements.get()).isLessThanOrEqualTo(30);
      assertThat(result.truncated()).isFalse();
    }
  }

  /**
   * Layers alternate artifacts and executions; node i of a layer leads to nodes 2i and 2i+1 (mod
   * the layer size) of the next, so a downstream walk from one node doubles per hop.
   */
  private static long[][] buildLayers(DSLContext sql) {
    long[][] layers = new long[LAYERS][LAYER];
    sql.transaction(
        configuration -> {
          DSLContext tx = configuration.dsl();
          for (int layer = 0; layer < LAYERS; layer++) {
            for (int i = 0; i < LAYER; i++) {
              layers[layer][i] =
                  layer % 2 == 0
                      ? tx.insertInto(ARTIFACT, ARTIFACT.TYPE_ID, ARTIFACT.URI)
                          .values(1L, "a" + layer + "/" + i)
                          .returningResult(ARTIFACT.ID)
                          .fetchOne(ARTIFACT.ID)
                      : tx.insertInto(EXECUTION, EXECUTION.TYPE_ID)
                          .values(5L)
                          .returningResult(EXECUTION.ID)
                          .fetchOne(EXECUTION.ID);
            }
          }
          for (int layer = 0; layer + 1 < LAYERS; layer++) {
            boolean fromArtifacts = layer % 2 == 0;
            var insert = tx.insertInto(EVENT, EVENT.ARTIFACT_ID, EVENT.EXECUTION_ID, EVENT.TYPE);
            for (int i = 0; i < LAYER; i++) {
              for (int next : new int[] {(2 * i) % LAYER, (2 * i + 1) % LAYER}) {
                long artifact = fromArtifacts ? layers[layer][i] : layers[layer + 1][next];
                long execution = fromArtifacts ? layers[layer + 1][next] : layers[layer][i];
                long type = fromArtifacts ? Event.Type.INPUT_VALUE : Event.Type.OUTPUT_VALUE;
                insert = insert.values(artifact, execution, type);
              }
            }
            insert.execute();
          }
        });
    return layers;
  }
}
