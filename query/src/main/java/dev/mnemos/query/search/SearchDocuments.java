package dev.mnemos.query.search;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.model.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.jspecify.annotations.Nullable;

/** Turns stored nodes into Lucene documents: one per node, keyed by kind and id. */
final class SearchDocuments {

  static final String KEY = "key";
  static final String KIND = "kind";
  static final String KIND_EXACT = "kind_exact";
  static final String ID = "id";
  static final String NAME = "name";
  static final String TYPE = "type";
  static final String TYPE_EXACT = "type_exact";
  static final String URI = "uri";
  static final String PROPERTY = "property";
  static final String VALUE = "value";
  static final String EXTERNAL_ID = "external_id";
  static final String UPDATE_TIME = "update_time";

  /** The fields plain words are looked up in, with their weights. */
  static final Map<String, Float> SEARCHED =
      Map.of(NAME, 4f, TYPE, 2f, URI, 2f, PROPERTY, 1f, VALUE, 1f, EXTERNAL_ID, 2f, KIND, 0.5f);

  /** The fields highlights are taken from. */
  static final List<String> HIGHLIGHTED = List.of(NAME, URI, VALUE, EXTERNAL_ID);

  private SearchDocuments() {}

  /** The kind as documents spell it ("artifact", ...). */
  static String kindName(NodeKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  static NodeKind kindOf(String kindName) {
    return NodeKind.valueOf(kindName.toUpperCase(Locale.ROOT));
  }

  static String key(NodeKind kind, long id) {
    return kindName(kind) + ":" + id;
  }

  static Document of(Node node) {
    Document doc =
        base(
            node.kind(),
            node.storedId(),
            orEmpty(node.name()),
            orEmpty(node.typeName()),
            orEmpty(node.externalId()),
            node.storedUpdateTime());
    if (node.uri() != null && !node.uri().isEmpty()) {
      doc.add(new TextField(URI, node.uri(), Field.Store.YES));
    }
    properties(doc, node.properties(), node.customProperties());
    return doc;
  }

  private static String orEmpty(@Nullable String text) {
    return text == null ? "" : text;
  }

  private static Document base(
      NodeKind kind, long id, String name, String type, String externalId, long updateTime) {
    Document doc = new Document();
    doc.add(new StringField(KEY, key(kind, id), Field.Store.YES));
    doc.add(new StringField(KIND_EXACT, kindName(kind), Field.Store.YES));
    doc.add(new TextField(KIND, kindName(kind), Field.Store.NO));
    doc.add(new StoredField(ID, id));
    if (!name.isEmpty()) {
      doc.add(new TextField(NAME, name, Field.Store.YES));
    }
    doc.add(new TextField(TYPE, type, Field.Store.YES));
    doc.add(new StringField(TYPE_EXACT, type, Field.Store.NO));
    if (!externalId.isEmpty()) {
      doc.add(new TextField(EXTERNAL_ID, externalId, Field.Store.YES));
    }
    doc.add(new LongPoint(UPDATE_TIME, updateTime));
    doc.add(new StoredField(UPDATE_TIME, updateTime));
    return doc;
  }

  private static void properties(
      Document doc, Map<String, Value> properties, Map<String, Value> customProperties) {
    List<String> names = new ArrayList<>(properties.keySet());
    names.addAll(customProperties.keySet());
    if (!names.isEmpty()) {
      doc.add(new TextField(PROPERTY, String.join("\n", names), Field.Store.NO));
    }
    StringBuilder values = new StringBuilder();
    properties.forEach((name, value) -> appendValue(values, name, value));
    customProperties.forEach((name, value) -> appendValue(values, name, value));
    if (!values.isEmpty()) {
      doc.add(new TextField(VALUE, values.toString(), Field.Store.YES));
    }
  }

  private static void appendValue(StringBuilder values, String name, Value value) {
    String text =
        switch (value.getValueCase()) {
          case INT_VALUE -> Long.toString(value.getIntValue());
          case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
          case STRING_VALUE -> value.getStringValue();
          case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
          case STRUCT_VALUE -> json(value);
          default -> "";
        };
    if (!text.isEmpty()) {
      values.append(name).append(": ").append(text).append('\n');
    }
  }

  private static String json(Value value) {
    try {
      return JsonFormat.printer().omittingInsignificantWhitespace().print(value.getStructValue());
    } catch (InvalidProtocolBufferException e) {
      return "";
    }
  }

  /**
   * The analyzer of each field: names, type names and URIs split at path and word punctuation, so
   * that `s3://bucket/churn_model/v2` is found by `churn`, `model` and `v2` (the standard analyzer
   * keeps `churn_model` whole); other text goes through the standard analyzer.
   */
  static Analyzer analyzer() {
    Analyzer pathWords =
        new Analyzer() {
          @Override
          protected TokenStreamComponents createComponents(String field) {
            Tokenizer words = new PatternTokenizer(PATH_PUNCTUATION, -1);
            return new TokenStreamComponents(words, new LowerCaseFilter(words));
          }
        };
    return new PerFieldAnalyzerWrapper(
        new StandardAnalyzer(), Map.of(NAME, pathWords, TYPE, pathWords, URI, pathWords));
  }

  private static final Pattern PATH_PUNCTUATION = Pattern.compile("[\\s/:._\\-=@?&#,;]+");
}
