package dev.mnemos.server.filter;

import static dev.mnemos.migrations.jooq.Tables.ARTIFACT;
import static dev.mnemos.migrations.jooq.Tables.ASSOCIATION;
import static dev.mnemos.migrations.jooq.Tables.ATTRIBUTION;
import static dev.mnemos.migrations.jooq.Tables.CONTEXT;
import static dev.mnemos.migrations.jooq.Tables.EVENT;
import static dev.mnemos.migrations.jooq.Tables.EXECUTION;
import static dev.mnemos.migrations.jooq.Tables.PARENTCONTEXT;
import static dev.mnemos.migrations.jooq.Tables.TYPE;

import com.google.protobuf.ProtocolMessageEnum;
import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.server.filter.FilterExpr.Position;
import dev.mnemos.server.schema.NodeTable;
import dev.mnemos.server.scope.ReadScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jspecify.annotations.Nullable;

/**
 * Compiles a filter_query for one node kind into a query of the matching node ids. As in MLMD,
 * every distinct property reference and every distinct neighbour alias is one INNER JOIN, so a node
 * lacking the mentioned property row or neighbour never matches, even inside an OR. Every value
 * from the query is a bound parameter; names only choose among known tables and columns.
 *
 * <p>Longer than a class should be, on purpose: one instance compiles one query, and every case of
 * the grammar (comparisons, IN, LIKE, NOT, names, neighbours, properties) adds to the same join
 * list and alias table, whose rules (one join per distinct reference, at most {@value #MAX_JOINS})
 * are easier to keep in one place. Parsing is {@link FilterSyntax}'s; literals are {@link
 * NumberLiterals}' and {@link StringLiterals}'.
 */
public final class FilterCompiler {

  private final NodeTable node;
  private final Table<?> base;
  private static final char LIKE_ESCAPE = '\\';

  private final Field<Long> baseId;
  private final Map<String, Neighbour> neighbours = new LinkedHashMap<>();
  private final Map<String, Table<?>> propertyJoins = new LinkedHashMap<>();
  private final List<Join> joins = new ArrayList<>();
  private @Nullable Table<?> baseType;
  private final ReadScope scope;

  private FilterCompiler(NodeTable node, ReadScope scope) {
    this.node = node;
    this.scope = scope;
    this.base = node.table().as("node");
    this.baseId = base.field(node.id());
  }

  /** SQLite joins at most 64 tables in one statement: the node and 63 more. */
  static final int MAX_JOINS = 63;

  /**
   * Ids of the nodes of {@code node}'s kind that match {@code query}; INVALID_ARGUMENT if bad. The
   * neighbours the query names (contexts, events, parents, members) are only those {@code scope}
   * sees; the matched nodes themselves are the caller's to limit.
   */
  public static Select<Record1<Long>> matchingIds(NodeTable node, String query, ReadScope scope) {
    FilterExpr expr = FilterSyntax.parse(query);
    FilterCompiler compiler = new FilterCompiler(node, scope);
    Condition condition =
        compiler.condition(expr, "Given query string is not a valid boolean expression");
    if (compiler.joins.size() > MAX_JOINS) {
      throw FilterSyntax.invalid(
          "the query reaches "
              + compiler.joins.size()
              + " related rows (properties, types, contexts, events); at most "
              + MAX_JOINS
              + " fit in one query");
    }
    Table<?> joined = compiler.base;
    for (Join join : compiler.joins) {
      joined = joined.join(join.table()).on(join.on());
    }
    return DSL.selectDistinct(compiler.baseId).from(joined).where(condition);
  }

  // -------------------------------------------------------------------------------------------
  // Typed values

  private enum ScalarType {
    INT64,
    DOUBLE,
    STRING,
    BOOL;

    boolean numeric() {
      return this == INT64 || this == DOUBLE;
    }

    boolean comparableWith(ScalarType other) {
      return this == other || (numeric() && other.numeric());
    }
  }

  private sealed interface Value permits Scalar, Predicate, EnumColumn, BareName {}

  private record Scalar(Field<?> field, ScalarType type) implements Value {}

  private record Predicate(Condition condition) implements Value {}

  /** A column holding an enum number that the query names by its enum names. */
  private record EnumColumn(Field<Long> field, Map<String, Integer> numbers, String enumName)
      implements Value {}

  /** A one-segment name that is no attribute: valid only as an enum name. */
  private record BareName(String name, Position position) implements Value {}

  private record Join(Table<?> table, Condition on) {}

  // -------------------------------------------------------------------------------------------
  // Expressions

  private Condition condition(FilterExpr expr, String notBoolean) {
    return switch (value(expr)) {
      case Predicate p -> p.condition();
      case Scalar s when s.type() == ScalarType.BOOL ->
          DSL.condition(s.field().coerce(Boolean.class));
      case BareName n -> throw unrecognized(n.name(), n.position());
      default -> throw FilterSyntax.invalid(notBoolean + ": " + expr.position());
    };
  }

  private Value value(FilterExpr expr) {
    return switch (expr) {
      case FilterExpr.Literal literal -> literal(literal);
      case FilterExpr.Reference reference -> reference(reference);
      case FilterExpr.Negation negation -> {
        Scalar operand = numeric(negation.operand(), "-");
        yield new Scalar(operand.field().coerce(Double.class).neg(), operand.type());
      }
      case FilterExpr.Arithmetic arithmetic -> arithmetic(arithmetic);
      case FilterExpr.Comparison comparison -> comparison(comparison);
      case FilterExpr.Like like -> like(like);
      case FilterExpr.In in -> in(in);
      case FilterExpr.IsNull isNull -> {
        Field<?> field =
            switch (value(isNull.value())) {
              case Scalar s -> s.field();
              case EnumColumn e -> e.field();
              case BareName n -> throw unrecognized(n.name(), n.position());
              case Predicate p -> throw noSignature("IS NULL", isNull.position());
            };
        yield new Predicate(isNull.negated() ? field.isNotNull() : field.isNull());
      }
      case FilterExpr.Not not ->
          new Predicate(DSL.not(condition(not.operand(), "NOT needs a boolean operand")));
      case FilterExpr.And and ->
          new Predicate(
              condition(and.left(), "AND needs boolean operands")
                  .and(condition(and.right(), "AND needs boolean operands")));
      case FilterExpr.Or or ->
          new Predicate(
              condition(or.left(), "OR needs boolean operands")
                  .or(condition(or.right(), "OR needs boolean operands")));
    };
  }

  private static Value literal(FilterExpr.Literal literal) {
    return switch (literal.value()) {
      case Long number -> new Scalar(DSL.val(number, SQLDataType.BIGINT), ScalarType.INT64);
      case Double number -> new Scalar(DSL.val(number, SQLDataType.DOUBLE), ScalarType.DOUBLE);
      case String text -> new Scalar(DSL.val(text, SQLDataType.VARCHAR), ScalarType.STRING);
      case Boolean bool -> new Predicate(bool ? DSL.trueCondition() : DSL.falseCondition());
      default -> throw new IllegalStateException("unknown literal " + literal);
    };
  }

  private Scalar numeric(FilterExpr expr, String operator) {
    if (value(expr) instanceof Scalar s && s.type().numeric()) {
      return s;
    }
    throw noSignature(operator, expr.position());
  }

  private Value arithmetic(FilterExpr.Arithmetic arithmetic) {
    Scalar left = numeric(arithmetic.left(), arithmetic.operator());
    Scalar right = numeric(arithmetic.right(), arithmetic.operator());
    boolean integral =
        left.type() == ScalarType.INT64
            && right.type() == ScalarType.INT64
            && !arithmetic.operator().equals("/");
    Field<Double> l = left.field().coerce(Double.class);
    Field<Double> r = right.field().coerce(Double.class);
    Field<Double> result =
        switch (arithmetic.operator()) {
          case "+" -> l.plus(r);
          case "-" -> l.minus(r);
          case "*" -> l.times(r);
          default -> l.cast(SQLDataType.DOUBLE).divide(r);
        };
    return new Scalar(result, integral ? ScalarType.INT64 : ScalarType.DOUBLE);
  }

  private Value comparison(FilterExpr.Comparison comparison) {
    Value left = value(comparison.left());
    Value right = value(comparison.right());
    String operator = comparison.operator();
    if (left instanceof EnumColumn || right instanceof EnumColumn) {
      return enumComparison(left, right, comparison);
    }
    if (left instanceof BareName name) {
      throw unrecognized(name.name(), name.position());
    }
    if (right instanceof BareName name) {
      throw unrecognized(name.name(), name.position());
    }
    Scalar l = scalar(left);
    Scalar r = scalar(right);
    if (l == null || r == null || !l.type().comparableWith(r.type())) {
      throw noSignature(operator, comparison.position());
    }
    @SuppressWarnings("unchecked")
    Field<Object> lf = (Field<Object>) l.field();
    @SuppressWarnings("unchecked")
    Field<Object> rf =
        (Field<Object>) (l.type() == r.type() ? r.field() : r.field().coerce(lf.getType()));
    Condition condition =
        switch (operator) {
          case "=" -> lf.eq(rf);
          case "!=" -> lf.ne(rf);
          case "<" -> lf.lt(rf);
          case "<=" -> lf.le(rf);
          case ">" -> lf.gt(rf);
          default -> lf.ge(rf);
        };
    return new Predicate(condition);
  }

  /** Boolean predicates may be compared with true and false like boolean columns. */
  private static @Nullable Scalar scalar(Value value) {
    return switch (value) {
      case Scalar s -> s;
      case Predicate p -> new Scalar(DSL.field(p.condition()), ScalarType.BOOL);
      default -> null;
    };
  }

  /** MLMD's enum rewrite: {@code col != E} also matches NULL; numbers and strings are refused. */
  private Value enumComparison(Value left, Value right, FilterExpr.Comparison comparison) {
    EnumColumn column = left instanceof EnumColumn e ? e : (EnumColumn) right;
    Value other = column == left ? right : left;
    if (!(comparison.operator().equals("=") || comparison.operator().equals("!="))) {
      throw noSignature(comparison.operator(), comparison.position());
    }
    long number = enumNumber(column, other, comparison.position());
    return new Predicate(
        comparison.operator().equals("=")
            ? column.field().eq(number)
            : column.field().ne(number).or(column.field().isNull()));
  }

  private static long enumNumber(EnumColumn column, Value candidate, Position position) {
    if (candidate instanceof BareName name) {
      Integer number = column.numbers().get(name.name());
      if (number == null) {
        throw FilterSyntax.invalid(
            "Unsupported enum value "
                + name.name()
                + " for "
                + column.enumName()
                + ": "
                + name.position());
      }
      return number;
    }
    if (candidate instanceof Scalar s && s.type() != ScalarType.STRING) {
      throw FilterSyntax.invalid(
          "Unsupported enum value: "
              + column.enumName()
              + " takes enum names, not numbers: "
              + position);
    }
    throw noSignature("= on " + column.enumName(), position);
  }

  private Value like(FilterExpr.Like like) {
    Value value = value(like.value());
    Value pattern = value(like.pattern());
    if (value instanceof BareName name) {
      throw unrecognized(name.name(), name.position());
    }
    if (!(value instanceof Scalar v && v.type() == ScalarType.STRING)
        || !(pattern instanceof Scalar p && p.type() == ScalarType.STRING)) {
      throw noSignature("LIKE", like.position());
    }
    Field<String> field = v.field().coerce(String.class);
    Field<String> patternField = p.field().coerce(String.class);
    // A backslash escapes the next character of the pattern, as in ZetaSQL, on every backend
    // (MySQL's LIKE has that by default, SQLite's has no escape character unless told).
    return new Predicate(
        like.negated()
            ? field.notLike(patternField, LIKE_ESCAPE)
            : field.like(patternField, LIKE_ESCAPE));
  }

  private Value in(FilterExpr.In in) {
    Value value = value(in.value());
    if (value instanceof BareName name) {
      throw unrecognized(name.name(), name.position());
    }
    if (value instanceof EnumColumn column) {
      List<Long> numbers = new ArrayList<>();
      for (FilterExpr candidate : in.candidates()) {
        numbers.add(enumNumber(column, value(candidate), candidate.position()));
      }
      return new Predicate(
          in.negated()
              ? DSL.not(column.field().in(numbers)).or(column.field().isNull())
              : column.field().in(numbers));
    }
    Scalar scalar = scalar(value);
    if (scalar == null) {
      throw noSignature("IN", in.position());
    }
    List<Field<Object>> candidates = new ArrayList<>();
    for (FilterExpr candidateExpr : in.candidates()) {
      Value candidate = value(candidateExpr);
      if (candidate instanceof BareName name) {
        throw unrecognized(name.name(), name.position());
      }
      Scalar c = scalar(candidate);
      if (c == null || !c.type().comparableWith(scalar.type())) {
        throw noSignature("IN", candidateExpr.position());
      }
      @SuppressWarnings("unchecked")
      Field<Object> field = (Field<Object>) c.field().coerce(scalar.field().getType());
      candidates.add(field);
    }
    @SuppressWarnings("unchecked")
    Field<Object> field = (Field<Object>) scalar.field();
    return new Predicate(in.negated() ? field.notIn(candidates) : field.in(candidates));
  }

  // -------------------------------------------------------------------------------------------
  // Names

  private Value reference(FilterExpr.Reference reference) {
    List<String> segments = reference.segments();
    Position position = reference.position();
    String first = segments.getFirst();
    if (segments.size() == 1) {
      Value attribute = attribute(first, base, node.kind(), position);
      return attribute != null ? attribute : new BareName(first, position);
    }
    if (first.equals("properties") || first.equals("custom_properties")) {
      if (segments.size() != 3) {
        throw FilterSyntax.invalid(
            "a property reference is "
                + first
                + ".<name>.<int_value|double_value|string_value|bool_value>, not "
                + reference.text()
                + ": "
                + position);
      }
      return property(
          first.equals("custom_properties"), segments.get(1), segments.get(2), position);
    }
    Neighbour neighbour = neighbour(first, position);
    if (segments.size() != 2) {
      throw FilterSyntax.invalid(
          "Field name "
              + String.join(".", segments.subList(1, segments.size()))
              + " does not exist: "
              + position);
    }
    return neighbour.column(segments.get(1), position);
  }

  /** A column of a node row (the node itself or a joined neighbour); null when there is none. */
  private @Nullable Value attribute(String name, Table<?> table, NodeKind kind, Position position) {
    NodeTable t =
        switch (kind) {
          case ARTIFACT -> NodeTable.ARTIFACTS;
          case EXECUTION -> NodeTable.EXECUTIONS;
          case CONTEXT -> NodeTable.CONTEXTS;
        };
    return switch (name) {
      case "id" -> new Scalar(table.field(t.id()), ScalarType.INT64);
      case "type_id" -> new Scalar(table.field(t.typeId()), ScalarType.INT64);
      case "name" -> new Scalar(table.field(t.name()), ScalarType.STRING);
      case "external_id" -> new Scalar(table.field(t.externalId()), ScalarType.STRING);
      case "create_time_since_epoch" -> new Scalar(table.field(t.createTime()), ScalarType.INT64);
      case "last_update_time_since_epoch" ->
          new Scalar(table.field(t.updateTime()), ScalarType.INT64);
      case "type" -> new Scalar(typeOf(table, t).field(TYPE.NAME), ScalarType.STRING);
      case "uri" ->
          kind == NodeKind.ARTIFACT ? new Scalar(table.field(t.uri()), ScalarType.STRING) : null;
      case "state" ->
          kind == NodeKind.ARTIFACT
              ? new EnumColumn(
                  table.field(t.state()), names(Artifact.State.values()), "Artifact.State")
              : null;
      case "last_known_state" ->
          kind == NodeKind.EXECUTION
              ? new EnumColumn(
                  table.field(t.state()), names(Execution.State.values()), "Execution.State")
              : null;
      default -> null;
    };
  }

  private Table<?> typeOf(Table<?> table, NodeTable t) {
    if (table == base) {
      if (baseType == null) {
        baseType = TYPE.as("node_type");
        joins.add(new Join(baseType, baseType.field(TYPE.ID).eq(base.field(t.typeId()))));
      }
      return baseType;
    }
    Table<?> type = TYPE.as(table.getName() + "_type");
    if (joins.stream().noneMatch(join -> join.table().getName().equals(type.getName()))) {
      joins.add(new Join(type, type.field(TYPE.ID).eq(table.field(t.typeId()))));
    }
    return type;
  }

  private Value property(boolean custom, String name, String valueField, Position position) {
    ScalarType type =
        switch (valueField) {
          case "int_value" -> ScalarType.INT64;
          case "double_value" -> ScalarType.DOUBLE;
          case "string_value" -> ScalarType.STRING;
          case "bool_value" -> ScalarType.BOOL;
          default ->
              throw FilterSyntax.invalid(
                  "Field name " + valueField + " does not exist: " + position);
        };
    String key = (custom ? "custom:" : "declared:") + name;
    Table<?> joined =
        propertyJoins.computeIfAbsent(
            key,
            k -> {
              Table<?> table = node.propertyTable().as("property_" + propertyJoins.size());
              joins.add(
                  new Join(
                      table,
                      table
                          .field(node.propertyOwner())
                          .eq(baseId)
                          .and(table.field(node.propertyName()).eq(DSL.val(name)))
                          .and(table.field(node.propertyIsCustom()).eq(DSL.val(custom)))));
              return table;
            });
    Field<?> field =
        switch (type) {
          case INT64 -> joined.field(node.intValue());
          case DOUBLE -> joined.field(node.doubleValue());
          case STRING -> joined.field(node.stringValue());
          case BOOL -> joined.field(node.boolValue());
        };
    return new Scalar(field, type);
  }

  // -------------------------------------------------------------------------------------------
  // Neighbours

  private static final List<String> NEIGHBOUR_PREFIXES =
      List.of(
          "parent_contexts_",
          "child_contexts_",
          "contexts_",
          "artifacts_",
          "executions_",
          "events_");

  /** One joined neighbour row, named by its alias; the same alias always means the same row. */
  private interface Neighbour {
    Value column(String name, Position position);
  }

  private Neighbour neighbour(String alias, Position position) {
    Neighbour known = neighbours.get(alias);
    if (known != null) {
      return known;
    }
    String prefix =
        NEIGHBOUR_PREFIXES.stream()
            .filter(p -> alias.startsWith(p) && alias.length() > p.length())
            .findFirst()
            .orElse("");
    // The query's alias only names the join; the SQL gets a name of ours.
    String sqlAlias = "neighbour_" + neighbours.size();
    Neighbour created =
        switch (node.kind()) {
          case ARTIFACT ->
              switch (prefix) {
                case "contexts_" ->
                    member(sqlAlias, ATTRIBUTION, ATTRIBUTION.ARTIFACT_ID, ATTRIBUTION.CONTEXT_ID);
                case "events_" -> events(sqlAlias, EVENT.ARTIFACT_ID, "execution_id");
                default -> null;
              };
          case EXECUTION ->
              switch (prefix) {
                case "contexts_" ->
                    member(sqlAlias, ASSOCIATION, ASSOCIATION.EXECUTION_ID, ASSOCIATION.CONTEXT_ID);
                case "events_" -> events(sqlAlias, EVENT.EXECUTION_ID, "artifact_id");
                default -> null;
              };
          case CONTEXT ->
              switch (prefix) {
                case "parent_contexts_" ->
                    hierarchy(sqlAlias, PARENTCONTEXT.CONTEXT_ID, PARENTCONTEXT.PARENT_CONTEXT_ID);
                case "child_contexts_" ->
                    hierarchy(sqlAlias, PARENTCONTEXT.PARENT_CONTEXT_ID, PARENTCONTEXT.CONTEXT_ID);
                case "artifacts_" ->
                    contextMembers(
                        sqlAlias,
                        NodeTable.ARTIFACTS,
                        ATTRIBUTION,
                        ATTRIBUTION.CONTEXT_ID,
                        ATTRIBUTION.ARTIFACT_ID,
                        List.of(
                            "id",
                            "name",
                            "type",
                            "state",
                            "uri",
                            "external_id",
                            "create_time_since_epoch",
                            "last_update_time_since_epoch"));
                case "executions_" ->
                    contextMembers(
                        sqlAlias,
                        NodeTable.EXECUTIONS,
                        ASSOCIATION,
                        ASSOCIATION.CONTEXT_ID,
                        ASSOCIATION.EXECUTION_ID,
                        List.of(
                            "id",
                            "name",
                            "type",
                            "last_known_state",
                            "external_id",
                            "create_time_since_epoch",
                            "last_update_time_since_epoch"));
                default -> null;
              };
        };
    if (created == null) {
      throw unrecognized(alias, position);
    }
    neighbours.put(alias, created);
    return created;
  }

  /** The contexts of an artifact (via Attribution) or an execution (via Association). */
  private Neighbour member(
      String alias, Table<?> link, Field<Long> linkNode, Field<Long> linkContext) {
    Table<?> edge = link.as(alias + "_link");
    Table<?> context = CONTEXT.as(alias);
    joins.add(new Join(edge, edge.field(linkNode).eq(baseId)));
    joins.add(
        new Join(
            context,
            context
                .field(CONTEXT.ID)
                .eq(edge.field(linkContext))
                .and(scope.visible(NodeKind.CONTEXT, context.field(CONTEXT.ID)))));
    return columnsOf(
        context,
        NodeKind.CONTEXT,
        List.of("id", "name", "type", "create_time_since_epoch", "last_update_time_since_epoch"));
  }

  private Neighbour hierarchy(String alias, Field<Long> fromSelf, Field<Long> toOther) {
    Table<?> edge = PARENTCONTEXT.as(alias + "_link");
    Table<?> context = CONTEXT.as(alias);
    joins.add(new Join(edge, edge.field(fromSelf).eq(baseId)));
    joins.add(
        new Join(
            context,
            context
                .field(CONTEXT.ID)
                .eq(edge.field(toOther))
                .and(scope.visible(NodeKind.CONTEXT, context.field(CONTEXT.ID)))));
    return columnsOf(context, NodeKind.CONTEXT, List.of("id", "name", "type"));
  }

  private Neighbour contextMembers(
      String alias,
      NodeTable members,
      Table<?> link,
      Field<Long> linkContext,
      Field<Long> linkNode,
      List<String> columns) {
    Table<?> edge = link.as(alias + "_link");
    Table<?> member = members.table().as(alias);
    joins.add(new Join(edge, edge.field(linkContext).eq(baseId)));
    joins.add(
        new Join(
            member,
            member
                .field(members.id())
                .eq(edge.field(linkNode))
                .and(scope.visible(members.kind(), member.field(members.id())))));
    return columnsOf(member, members.kind(), columns);
  }

  private Neighbour columnsOf(Table<?> table, NodeKind kind, List<String> allowed) {
    return (name, position) -> {
      @Nullable Value column =
          allowed.contains(name) ? attribute(name, table, kind, position) : null;
      if (column == null) {
        throw FilterSyntax.invalid("Field name " + name + " does not exist: " + position);
      }
      return column;
    };
  }

  private Neighbour events(String alias, Field<Long> eventNode, String otherEnd) {
    Table<?> event = EVENT.as(alias);
    boolean toExecution = otherEnd.equals("execution_id");
    joins.add(
        new Join(
            event,
            event
                .field(eventNode)
                .eq(baseId)
                .and(
                    scope.visible(
                        toExecution ? NodeKind.EXECUTION : NodeKind.ARTIFACT,
                        event.field(toExecution ? EVENT.EXECUTION_ID : EVENT.ARTIFACT_ID)))));
    return (name, position) -> {
      if (name.equals(otherEnd)) {
        return new Scalar(
            event.field(otherEnd.equals("artifact_id") ? EVENT.ARTIFACT_ID : EVENT.EXECUTION_ID),
            ScalarType.INT64);
      }
      return switch (name) {
        case "type" ->
            new EnumColumn(event.field(EVENT.TYPE), names(Event.Type.values()), "Event.Type");
        case "milliseconds_since_epoch" ->
            new Scalar(event.field(EVENT.MILLISECONDS_SINCE_EPOCH), ScalarType.INT64);
        default ->
            throw FilterSyntax.invalid("Field name " + name + " does not exist: " + position);
      };
    };
  }

  // -------------------------------------------------------------------------------------------

  private static Map<String, Integer> names(ProtocolMessageEnum[] values) {
    Map<String, Integer> numbers = new LinkedHashMap<>();
    for (ProtocolMessageEnum value : values) {
      numbers.put(value.getValueDescriptor().getName(), value.getNumber());
    }
    return numbers;
  }

  private static RuntimeException unrecognized(String name, Position position) {
    return FilterSyntax.invalid("Unrecognized name: " + name + " (" + position + ")");
  }

  private static RuntimeException noSignature(String operator, Position position) {
    return FilterSyntax.invalid(
        "No matching signature for operator "
            + operator
            + " at "
            + position.line()
            + ":"
            + position.column());
  }
}
