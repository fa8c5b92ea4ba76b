package dev.mnemos.server.store;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.mnemos.proto.mlmd.ListOperationNextPageToken;
import dev.mnemos.proto.mlmd.ListOperationOptions;
import dev.mnemos.proto.mlmd.ListOperationOptions.OrderByField;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.filter.FilterCompiler;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.schema.NodeTable;
import dev.mnemos.server.scope.ReadScope;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SortField;

/**
 * MLMD's ListOperationOptions over one node table: order by id, create time or update time with the
 * id as tie-break, at most {@value #MAX_PAGE} rows a page, and a web-safe base64 page token. The
 * token is a keyset (last sort value and id), so rows inserted between pages neither repeat nor
 * shift the next page.
 */
final class PageQuery {

  static final int MAX_PAGE = 100;

  private PageQuery() {}

  /**
   * One page of the nodes matching {@code nodes} (which already keeps to {@code scope}) and the
   * options' filter, whose neighbours keep to {@code scope}.
   */
  static Page list(
      DSLContext sql,
      NodeRepository nodes,
      Condition matching,
      ReadScope scope,
      ListOperationOptions options) {
    if (options.getMaxResultSize() <= 0) {
      throw StoreException.invalidArgument(
          "max_result_size field value is required to be greater than 0 and less than or equal to "
              + MAX_PAGE
              + ". Set value: "
              + options.getMaxResultSize());
    }
    OrderByField order = options.getOrderByField();
    if (order.getField() == OrderByField.Field.FIELD_UNSPECIFIED) {
      throw StoreException.invalidArgument(
          "order_by_field.field must be CREATE_TIME, LAST_UPDATE_TIME or ID");
    }
    NodeTable t = nodes.table();
    Field<Long> sortColumn =
        switch (order.getField()) {
          case CREATE_TIME -> t.createTime();
          case LAST_UPDATE_TIME -> t.updateTime();
          default -> t.id();
        };
    boolean ascending = order.getIsAsc();
    Condition condition =
        options.getFilterQuery().isEmpty()
            ? matching
            : matching.and(
                t.id().in(FilterCompiler.matchingIds(t, options.getFilterQuery(), scope)));
    if (!options.getNextPageToken().isEmpty()) {
      ListOperationNextPageToken token = decode(options.getNextPageToken());
      OrderByField tokenOrder = token.getSetOptions().getOrderByField();
      if (tokenOrder.getField() != order.getField() || tokenOrder.getIsAsc() != ascending) {
        throw StoreException.invalidArgument(
            "ListOperationOptions mismatch between calls: the page token was issued for "
                + tokenOrder.getField()
                + (tokenOrder.getIsAsc() ? " ascending" : " descending"));
      }
      condition = condition.and(after(sortColumn, t.id(), token, ascending));
    }
    // Like MLMD: one extra row tells whether another page exists; sizes above 100 get 101 rows.
    int fetch = Math.min(options.getMaxResultSize(), MAX_PAGE) + 1;
    List<SortField<Long>> orderBy =
        sortColumn == t.id()
            ? List.of(ascending ? t.id().asc() : t.id().desc())
            : List.of(
                ascending ? sortColumn.asc() : sortColumn.desc(),
                ascending ? t.id().asc() : t.id().desc());
    List<Long> ids =
        sql.select(t.id())
            .from(t.table())
            .where(condition)
            .orderBy(orderBy)
            .limit(fetch)
            .fetch(t.id());
    Map<Long, Node> byId = new HashMap<>();
    nodes.byIds(sql, ids).forEach(node -> byId.put(node.id(), node));
    List<Node> ordered = ids.stream().map(byId::get).toList();
    if (options.getMaxResultSize() > MAX_PAGE || ordered.size() <= options.getMaxResultSize()) {
      return new Page(ordered, "");
    }
    List<Node> page = ordered.subList(0, options.getMaxResultSize());
    Node last = page.getLast();
    long lastValue =
        switch (order.getField()) {
          case CREATE_TIME -> last.storedCreateTime();
          case LAST_UPDATE_TIME -> last.storedUpdateTime();
          default -> last.storedId();
        };
    ListOperationNextPageToken token =
        ListOperationNextPageToken.newBuilder()
            .setIdOffset(last.storedId())
            .setFieldOffset(lastValue)
            .setSetOptions(options.toBuilder().clearNextPageToken().clearFilterQuery())
            .build();
    return new Page(page, Base64.getUrlEncoder().encodeToString(token.toByteArray()));
  }

  private static Condition after(
      Field<Long> sortColumn, Field<Long> id, ListOperationNextPageToken token, boolean ascending) {
    if (sortColumn == id) {
      return ascending ? id.gt(token.getIdOffset()) : id.lt(token.getIdOffset());
    }
    return ascending
        ? sortColumn
            .gt(token.getFieldOffset())
            .or(sortColumn.eq(token.getFieldOffset()).and(id.gt(token.getIdOffset())))
        : sortColumn
            .lt(token.getFieldOffset())
            .or(sortColumn.eq(token.getFieldOffset()).and(id.lt(token.getIdOffset())));
  }

  private static ListOperationNextPageToken decode(String token) {
    try {
      return ListOperationNextPageToken.parseFrom(Base64.getUrlDecoder().decode(token));
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      throw StoreException.invalidArgument("Failed to decode next page token: " + token);
    }
  }
}
