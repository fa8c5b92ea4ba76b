package dev.mnemos.server.schema;

import static dev.mnemos.migrations.jooq.Tables.ASSOCIATION;
import static dev.mnemos.migrations.jooq.Tables.ATTRIBUTION;

import dev.mnemos.migrations.NodeKind;
import org.jooq.Field;
import org.jooq.Table;

/**
 * Binds a member kind to the table that records its context memberships: `Attribution` for
 * artifacts, `Association` for executions. Both have the same shape, so one query serves both.
 */
public record MembershipTable(
    NodeKind memberKind, Table<?> table, Field<Long> contextId, Field<Long> memberId) {

  public static final MembershipTable ATTRIBUTIONS =
      new MembershipTable(
          NodeKind.ARTIFACT, ATTRIBUTION, ATTRIBUTION.CONTEXT_ID, ATTRIBUTION.ARTIFACT_ID);

  public static final MembershipTable ASSOCIATIONS =
      new MembershipTable(
          NodeKind.EXECUTION, ASSOCIATION, ASSOCIATION.CONTEXT_ID, ASSOCIATION.EXECUTION_ID);

  /** The membership table of artifacts or executions; contexts are members of nothing. */
  public static MembershipTable of(NodeKind memberKind) {
    return switch (memberKind) {
      case ARTIFACT -> ATTRIBUTIONS;
      case EXECUTION -> ASSOCIATIONS;
      case CONTEXT -> throw new IllegalArgumentException("contexts have parents, not memberships");
    };
  }
}
