package dev.mnemos.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemos.server.change.ChangeSet;
import dev.mnemos.server.change.StoreChange;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.model.Membership;
import dev.mnemos.server.model.NodeRef;
import dev.mnemos.server.testing.Backend;
import dev.mnemos.server.testing.Mlmd;
import dev.mnemos.server.testing.RunGraph;
import dev.mnemos.server.testing.StoreTest;
import java.util.List;

/**
 * On MySQL and PostgreSQL a write whose links name a node another server deleted meanwhile is
 * refused before it commits (test_deletion_properties.py drives the race itself); on SQLite, whose
 * writers one server serialises, the check is not made.
 */
class LinkedNodesCheckTest {

  private static void check(Mlmd mlmd, StoreChange... changes) {
    mlmd.store()
        .database()
        .write(
            tx -> {
              ChangeSet set = new ChangeSet();
              List.of(changes).forEach(set::add);
              new LinkedNodesCheck().onWrite(tx.sql(), set);
              return null;
            });
  }

  @StoreTest
  void aLinkToAMissingNodeIsRefusedWhereServersShareTheDatabase(Mlmd mlmd) {
    RunGraph g = new RunGraph(mlmd);
    long pipeline = g.pipeline("p");
    long run = g.run("r", pipeline);
    long data = g.dataset("s3://b/d", run);
    long step = g.step(run, List.of(data), List.of());

    check(
        mlmd,
        new StoreChange.EventAdded(data, step),
        new StoreChange.MemberAdded(new Membership(run, NodeRef.artifact(data))),
        new StoreChange.ParentAdded(run, pipeline));
    StoreException refused =
        catchThrowableOfType(
            StoreException.class,
            () ->
                check(
                    mlmd,
                    new StoreChange.EventAdded(data, step),
                    new StoreChange.MemberAdded(new Membership(987654, NodeRef.execution(step)))));

    if (mlmd.backend() != Backend.SQLITE) {
      assertThat(refused.code()).isEqualTo(ErrorCode.NOT_FOUND);
      assertThat(refused.getMessage()).contains("987654");
    } else {
      assertThat(refused).isNull();
    }
  }
}
