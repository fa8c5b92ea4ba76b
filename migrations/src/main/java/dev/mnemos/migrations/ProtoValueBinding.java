package dev.mnemos.migrations;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.util.Base64;
import org.jooq.Binding;
import org.jooq.BindingGetResultSetContext;
import org.jooq.BindingGetSQLInputContext;
import org.jooq.BindingGetStatementContext;
import org.jooq.BindingRegisterContext;
import org.jooq.BindingSQLContext;
import org.jooq.BindingSetSQLOutputContext;
import org.jooq.BindingSetStatementContext;
import org.jooq.Converter;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;

/**
 * The `proto_value` and `byte_value` columns as the MLMD library fills them: a serialized {@code
 * google.protobuf.Any}, which Mnemos handles as standard Base64 text. On SQLite and MySQL the
 * library stores that Base64 text in the BLOB column; on PostgreSQL it stores the serialized bytes
 * themselves in the BYTEA column, so there the text is decoded on the way in and encoded on the way
 * out.
 */
public final class ProtoValueBinding implements Binding<byte[], String> {

  private static final Converter<byte[], String> TEXT =
      Converter.ofNullable(
          byte[].class,
          String.class,
          bytes -> new String(bytes, StandardCharsets.US_ASCII),
          text -> text.getBytes(StandardCharsets.US_ASCII));

  @Override
  public Converter<byte[], String> converter() {
    return TEXT;
  }

  @Override
  public void sql(BindingSQLContext<String> ctx) {
    if (ctx.render().paramType() == ParamType.INLINED) {
      ctx.render().visit(DSL.inline(ctx.value()));
    } else {
      ctx.render().sql(ctx.variable());
    }
  }

  @Override
  public void register(BindingRegisterContext<String> ctx) throws SQLException {
    ctx.statement()
        .registerOutParameter(ctx.index(), rawBytes(ctx.dialect()) ? Types.BINARY : Types.VARCHAR);
  }

  @Override
  public void set(BindingSetStatementContext<String> ctx) throws SQLException {
    String text = ctx.value();
    if (!rawBytes(ctx.dialect())) {
      ctx.statement().setString(ctx.index(), text);
    } else if (text == null) {
      ctx.statement().setNull(ctx.index(), Types.BINARY);
    } else {
      ctx.statement().setBytes(ctx.index(), Base64.getDecoder().decode(text));
    }
  }

  @Override
  public void get(BindingGetResultSetContext<String> ctx) throws SQLException {
    if (rawBytes(ctx.dialect())) {
      byte[] bytes = ctx.resultSet().getBytes(ctx.index());
      ctx.value(bytes == null ? null : Base64.getEncoder().encodeToString(bytes));
    } else {
      ctx.value(ctx.resultSet().getString(ctx.index()));
    }
  }

  @Override
  public void get(BindingGetStatementContext<String> ctx) throws SQLException {
    throw new SQLFeatureNotSupportedException("no procedure returns MLMD property values");
  }

  @Override
  public void set(BindingSetSQLOutputContext<String> ctx) throws SQLException {
    throw new SQLFeatureNotSupportedException("no user-defined type holds MLMD property values");
  }

  @Override
  public void get(BindingGetSQLInputContext<String> ctx) throws SQLException {
    throw new SQLFeatureNotSupportedException("no user-defined type holds MLMD property values");
  }

  private static boolean rawBytes(SQLDialect dialect) {
    return dialect.family() == SQLDialect.POSTGRES;
  }
}
