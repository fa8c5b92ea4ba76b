package dev.mnemos.server.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.schema.NodeTable;
import dev.mnemos.server.scope.ReadScope;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the differential conformance test cannot see: how errors are worded and what SQL is made.
 * Which ids each query selects is checked against the MLMD library in test_filter_query.py.
 */
class FilterCompilerTest {

  private static final DSLContext MYSQL = DSL.using(SQLDialect.MYSQL);

  private static String error(NodeTable table, String query) {
    StoreException e =
        catchThrowableOfType(
            StoreException.class,
            () -> FilterCompiler.matchingIds(table, query, ReadScope.EVERYTHING));
    assertThat(e).as("query %s should be refused", query).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    return e.getMessage();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "a == 'a'                    | Syntax error: unexpected '=' at 1:4",
        "id IN ()                    | Syntax error: unexpected ')' at 1:8",
        "properties.0:b.int_value = 1 | Syntax error: unexpected ':' at 1:13",
        "id = 1 AND                  | Syntax error: unexpected end of query",
        "a                           | Unrecognized name: a ('a' at 1:1)",
        "uri = 'x' AND last_known_state = NEW | Unrecognized name: last_known_state ('last_known_state' at 1:15)",
        "id = 'a'                    | No matching signature for operator = at 1:4",
        "'a'                         | not a valid boolean expression: ''a'' at 1:1",
        "state = RUNNING             | Unsupported enum value RUNNING for Artifact.State: 'RUNNING' at 1:9",
        "state = 1                   | Unsupported enum value: Artifact.State takes enum names, not numbers",
        "contexts_0.foo = 1          | Field name foo does not exist: 'contexts_0' at 1:1",
        "properties.baz.int = 1      | Field name int does not exist: 'properties' at 1:1",
      })
  void badQueriesNameTheOffendingTokenAndPosition(String query, String message) {
    assertThat(error(NodeTable.ARTIFACTS, query))
        .startsWith("Invalid `filter_query`: ")
        .contains(message);
  }

  @Test
  void userTextOnlyEverTravelsAsBindValues() {
    String hostile = "x'; DROP TABLE Artifact; --";
    Select<Record1<Long>> select =
        FilterCompiler.matchingIds(
            NodeTable.ARTIFACTS,
            "name = \"" + hostile + "\" OR custom_properties.`a'b`.string_value LIKE 'q%'",
            ReadScope.EVERYTHING);

    String sql = MYSQL.render(select);

    assertThat(sql).doesNotContain("DROP").doesNotContain("a'b").doesNotContain("q%");
    assertThat(MYSQL.extractBindValues(select)).contains(hostile, "a'b", "q%");
  }

  @Test
  void eachDistinctPropertyAndAliasIsOneJoinAndRepeatsReuseIt() {
    String sql =
        MYSQL.render(
            FilterCompiler.matchingIds(
                NodeTable.ARTIFACTS,
                "properties.p.int_value = 1 AND properties.p.int_value < 5 AND custom_properties.p.int_value = 2"
                    + " AND contexts_a.name = 'x' AND contexts_a.type = 'y' AND contexts_b.name = 'z'",
                ReadScope.EVERYTHING));

    assertThat(sql.split(" join `ArtifactProperty`", -1)).hasSize(3);
    assertThat(sql.split(" join `Context`", -1)).hasSize(3);
    assertThat(sql).startsWith("select distinct");
  }

  @Test
  void aliasesMayContainUnderscoresAndNeverReachTheSql() {
    String sql =
        MYSQL.render(
            FilterCompiler.matchingIds(
                NodeTable.ARTIFACTS,
                "contexts_my_run.name = 'x' AND `contexts_odd alias`.name = 'y'",
                ReadScope.EVERYTHING));

    assertThat(sql).doesNotContain("my_run").doesNotContain("odd alias");
    assertThat(sql.split(" join `Context`", -1)).hasSize(3);
  }

  @Test
  void enumInequalityAlsoMatchesNodesWithoutAState() {
    String sql =
        MYSQL.renderInlined(
            FilterCompiler.matchingIds(
                NodeTable.EXECUTIONS, "last_known_state != RUNNING", ReadScope.EVERYTHING));

    assertThat(sql)
        .contains("`node`.`last_known_state` <> 2")
        .contains("`node`.`last_known_state` is null");
  }
}
