package dev.mnemos.server.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.schema.NodeTable;
import dev.mnemos.server.scope.ReadScope;
import java.util.List;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Literals as ZetaSQL reads them (the MLMD library's parser): the cases were answered by
 * ml-metadata 1.17.1 first; the differential fuzzer keeps comparing the two.
 */
class FilterLiteralsTest {

  /** The right-hand side of {@code name = <literal>}. */
  private static Object literal(String text) {
    var comparison = (FilterExpr.Comparison) FilterSyntax.parse("name = " + text);
    return ((FilterExpr.Literal) comparison.right()).value();
  }

  private static String refusal(String query) {
    StoreException e = catchThrowableOfType(StoreException.class, () -> FilterSyntax.parse(query));
    assertThat(e).as("query %s should be refused", query).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    return e.getMessage();
  }

  @Test
  void everyEscapeOfZetaSqlIsDecoded() {
    assertThat(literal("'\\a\\b\\f\\n\\r\\t\\v'")).isEqualTo("\u0007\b\f\n\r\t\u000B");
    assertThat(literal("'\\\\ \\? \\' \\\" \\`'")).isEqualTo("\\ ? ' \" `");
    assertThat(literal("'\\141\\000\\377'")).isEqualTo("a\0\u00FF");
    assertThat(literal("'\\x61\\X62\\xe9'")).isEqualTo("ab\u00E9");
    assertThat(literal("'\\u0061\\u00e9\\U0001F600'")).isEqualTo("a\u00E9\uD83D\uDE00");
    assertThat(literal("'\\3777'")).as("three digits, then a 7").isEqualTo("\u00FF7");
  }

  @Test
  void quotingOfEveryKind() {
    assertThat(literal("\"a'b\"")).isEqualTo("a'b");
    assertThat(literal("'a\"b'")).isEqualTo("a\"b");
    assertThat(literal("'''a'b''c'''")).isEqualTo("a'b''c");
    assertThat(literal("\"\"\"a\"b\"\"c\"\"\"")).isEqualTo("a\"b\"\"c");
    assertThat(literal("'''line\none'''")).isEqualTo("line\none");
    assertThat(literal("'''\\x61\\n'''")).isEqualTo("a\n");
    assertThat(literal("''''''")).isEqualTo("");
    assertThat(literal("''")).isEqualTo("");
    assertThat(literal("r'a\\nb'")).as("raw: backslashes stay").isEqualTo("a\\nb");
    assertThat(literal("R\"a\\\"b\"")).isEqualTo("a\\\"b");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "name = '\\0'       | Octal escape must be followed by 3 octal digits but saw: \\0 at 1:9",
        "name = '\\08'      | Octal escape must be followed by 3 octal digits but saw: \\08 at 1:9",
        "name = '\\400'     | Illegal escape sequence: \\4 at 1:9",
        "name = '\\8'       | Illegal escape sequence: \\8 at 1:9",
        "name = '\\x6'      | Hex escape must be followed by 2 hex digits but saw: \\x6 at 1:9",
        "name = '\\xG1'     | Hex escape must be followed by 2 hex digits but saw: \\xG1 at 1:9",
        "name = '\\u00'     | \\u must be followed by 4 hex digits but saw: \\u00 at 1:9",
        "name = '\\U0000006' | \\U must be followed by 8 hex digits but saw: \\U0000006 at 1:9",
        "name = '\\ud800'   | Unicode value \\ud800 is invalid at 1:9",
        "name = '\\U00110000' | Value of \\U00110000 exceeds Unicode limit (0x0010FFFF) at 1:9",
        "name = '\\z'       | Illegal escape sequence: \\z at 1:9",
        "name = '\\%'       | Illegal escape sequence: \\% at 1:9",
        "name LIKE 'a\\_b'  | Illegal escape sequence: \\_ at 1:13",
        "name = '\\ '       | Illegal escape sequence: \\  at 1:9",
        "name = 'a\\'       | Unclosed string literal at 1:8",
        "name = 'a         | Unclosed string literal at 1:8",
        "name = r'\\'       | Unclosed string literal at 1:9",
        "name = r'''a\\'''  | Unclosed string literal",
        "name = 'a''b'     | Syntax error: unexpected ''b'' at 1:11",
        "name = b'a'       | 'b'a'' at 1:8 is a BYTES literal",
        "name = rb'a'      | 'rb'a'' at 1:8 is a BYTES literal",
        "name = u'a'       | Syntax error: unexpected ''a'' at 1:9",
        "custom_properties.`a\\x62`.int_value = 1 | escapes are not supported in quoted property names",
        "id > 18446744073709551616 | Invalid integer literal (beyond 2^64 - 1)",
        "id > 0x10000000000000000  | Invalid hex integer literal (beyond 2^64 - 1)",
      })
  void whatZetaSqlRefusesIsRefusedWhereItStands(String query, String message) {
    assertThat(refusal(query)).startsWith("Invalid `filter_query`: ").contains(message);
  }

  @Test
  void numbersOfEveryShape() {
    var numbers =
        List.of(".5", "1.", "1.e1", ".5e1", "0x1F", "0X1f", "1E+2", "9223372036854775807").stream()
            .map(text -> ((FilterExpr.Comparison) FilterSyntax.parse("id = " + text)).right())
            .map(expr -> ((FilterExpr.Literal) expr).value())
            .toList();

    assertThat(numbers).containsExactly(0.5, 1.0, 10.0, 5.0, 31L, 31L, 100.0, Long.MAX_VALUE);
  }

  @Test
  void integersPastInt64AreUint64AndCompareAsTheLibraryCompares() {
    assertThat(literal("18446744073709551615")).isEqualTo(18446744073709551615.0);
    assertThat(literal("0x8000000000000000")).isEqualTo(9223372036854775808.0);
  }

  @Test
  void aDotInsideAPathStaysASeparator() {
    var reference =
        (FilterExpr.Reference)
            ((FilterExpr.Comparison) FilterSyntax.parse("properties.0.int_value = .5")).left();

    assertThat(reference.segments()).containsExactly("properties", "0", "int_value");
  }

  @Test
  void anEscapeIsLocatedOnItsOwnLine() {
    assertThat(refusal("name = '''a\n\\q'''")).endsWith("Illegal escape sequence: \\q at 2:1");
  }

  @Test
  void commentsAreSkipped() {
    for (String query : List.of("id = 1 -- the first", "id = /* one */ 1 # the first")) {
      var comparison = (FilterExpr.Comparison) FilterSyntax.parse(query);

      assertThat(((FilterExpr.Literal) comparison.right()).value()).isEqualTo(1L);
    }
  }

  @Test
  void aBackslashEscapesInLikePatternsOnEveryBackend() {
    for (SQLDialect dialect : List.of(SQLDialect.MYSQL, SQLDialect.SQLITE)) {
      String sql =
          DSL.using(dialect)
              .render(
                  FilterCompiler.matchingIds(
                      NodeTable.ARTIFACTS, "name LIKE 'a\\\\%'", ReadScope.EVERYTHING));

      assertThat(sql).as("%s", dialect).containsIgnoringCase("escape '\\");
    }
  }
}
