package dev.mnemos.server.tenancy;

import static dev.mnemos.migrations.tenancy.jooq.Tables.MNEMOS_NODE_NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.PutContextsRequest;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.auth.AuthenticationException;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.auth.RequestCaller;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.scope.ReadScope;
import dev.mnemos.server.store.Database;
import dev.mnemos.server.testing.Mlmd;
import dev.mnemos.server.testing.StoreTest;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Who reads what: a caller's scope is the known namespaces it may read, plus the shared nodes
 * unless a default namespace it may not read owns them; admins read everything; a checker that
 * cannot answer makes the read UNAVAILABLE. Writes to nodes without a namespace need the default
 * namespace's right when there is one. Known namespaces are this server's writes at once and the
 * table's (other replicas') at each refresh.
 */
class NamespaceReadScopesTest {

  private static final Caller ALICE = new Caller("alice", Set.of(), Caller.How.GATEWAY, false);
  private static final Caller ADMIN = new Caller("ops", Set.of(), Caller.How.GATEWAY, true);

  /** alice may read team-a and kubeflow, and write team-a only. */
  private static final NamespaceAccess ACCESS =
      (caller, action, namespace) ->
          caller.name().equals("alice")
              && (namespace.equals("team-a")
                  || (action == NamespaceAccess.Action.READ && namespace.equals("kubeflow")));

  private static void row(Database database, long id, String namespace) {
    database.write(
        tx ->
            tx.sql()
                .insertInto(MNEMOS_NODE_NAMESPACE)
                .set(MNEMOS_NODE_NAMESPACE.NODE_KIND, (long) NodeKind.CONTEXT.code())
                .set(MNEMOS_NODE_NAMESPACE.NODE_ID, id)
                .set(MNEMOS_NODE_NAMESPACE.NAMESPACE, namespace)
                .execute());
  }

  @StoreTest
  void aCallerReadsTheKnownNamespacesItMayRead(Mlmd mlmd) {
    Database database = mlmd.store().database();
    row(database, 1, "team-a");
    row(database, 2, "team-b");
    KnownNamespaces known = new KnownNamespaces(database, Duration.ZERO);

    ReadScope shared = new NamespaceReadScopes(ACCESS, known, "").of(ALICE);
    assertThat(shared.namespaces()).containsExactly("team-a");
    assertThat(shared.shared()).isTrue();
    assertThat(new NamespaceReadScopes(ACCESS, known, "").of(ADMIN).everything()).isTrue();
    assertThat(new NamespaceReadScopes(ACCESS, known, "kubeflow").of(ALICE).shared())
        .as("alice may read the default namespace")
        .isTrue();
    assertThat(new NamespaceReadScopes(ACCESS, known, "team-b").of(ALICE).shared())
        .as("alice may not read the default namespace")
        .isFalse();

    NamespaceAccess away =
        (caller, action, namespace) -> {
          throw AuthenticationException.checkerAway(
              "the Kubernetes API is away", new IOException("refused"));
        };
    assertThat(
            catchThrowableOfType(
                    StoreException.class, () -> new NamespaceReadScopes(away, known, "").of(ALICE))
                .code())
        .isEqualTo(ErrorCode.UNAVAILABLE);
  }

  @StoreTest
  void namespacesOfOtherWritersAreKnownAtTheNextRefresh(Mlmd mlmd) {
    Database database = mlmd.store().database();
    KnownNamespaces everyCall = new KnownNamespaces(database, Duration.ZERO);
    KnownNamespaces hourly = new KnownNamespaces(database, Duration.ofHours(1));
    assertThat(everyCall.all()).isEmpty();
    assertThat(hourly.all()).isEmpty();
    row(database, 7, "team-c");
    assertThat(everyCall.all()).containsExactly("team-c");
    assertThat(hourly.all()).as("not read again within the hour").isEmpty();
    hourly.add("team-d");
    assertThat(hourly.all()).as("this server's own writes at once").containsExactly("team-d");
  }

  @StoreTest
  void nodesWithoutANamespaceNeedTheDefaultNamespacesWriteRight(Mlmd mlmd) throws Exception {
    Database database = mlmd.store().database();
    KnownNamespaces known = new KnownNamespaces(database, Duration.ZERO);
    database.addListener(new NodeNamespaces(ACCESS, known, "kubeflow"));
    long pipelineType = mlmd.contextType("system.Pipeline");
    PutContextsRequest pipeline =
        PutContextsRequest.newBuilder()
            .addContexts(Context.newBuilder().setTypeId(pipelineType).setName("churn"))
            .build();
    StoreException refused =
        catchThrowableOfType(
            StoreException.class,
            () ->
                ScopedValue.where(RequestCaller.CURRENT, ALICE)
                    .call(() -> mlmd.store().nodes().putContexts(pipeline)));
    assertThat(refused.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
    assertThat(refused).hasMessage("alice may not write in namespace kubeflow");

    PutContextsRequest inTeamA =
        PutContextsRequest.newBuilder()
            .addContexts(
                Context.newBuilder()
                    .setTypeId(pipelineType)
                    .setName("churn-of-team-a")
                    .putAllCustomProperties(
                        Map.of("namespace", Value.newBuilder().setStringValue("team-a").build())))
            .build();
    assertThat(
            ScopedValue.where(RequestCaller.CURRENT, ALICE)
                .call(() -> mlmd.store().nodes().putContexts(inTeamA))
                .getContextIdsCount())
        .isEqualTo(1);
    assertThat(
            ScopedValue.where(RequestCaller.CURRENT, ADMIN)
                .call(() -> mlmd.store().nodes().putContexts(pipeline))
                .getContextIdsCount())
        .as("admins write anywhere")
        .isEqualTo(1);
  }
}
