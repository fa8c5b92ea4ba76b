package dev.mnemos.query.search;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.Value;
import java.util.ArrayList;
import java.util.List;
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

  static String key(String kind, long id) {
    return kind + ":" + id;
  }

  static Document of(Artifact artifact) {
    Document doc =
        base(
            "artifact",
            artifact.getId(),
            artifact.getName(),
            artifact.getType(),
            artifact.getExternalId(),
            artifact.getLastUpdateTimeSinceEpoch());
    if (!artifact.getUri().isEmpty()) {
      doc.add(new TextField(URI, artifact.getUri(), Field.Store.YES));
    }
    properties(doc, artifact.getPropertiesMap(), artifact.getCustomPropertiesMap());
    return doc;
  }

  static Document of(Execution execution) {
    Document doc =
        base(
            "execution",
            execution.getId(),
            execution.getName(),
            execution.getType(),
            execution.getExternalId(),
            execution.getLastUpdateTimeSinceEpoch());
    properties(doc, execution.getPropertiesMap(), execution.getCustomPropertiesMap());
    return doc;
  }

  static Document of(Context context) {
    Document doc =
        base(
            "context",
            context.getId(),
            context.getName(),
            context.getType(),
            context.getExternalId(),
            context.getLastUpdateTimeSinceEpoch());
    properties(doc, context.getPropertiesMap(), context.getCustomPropertiesMap());
    return doc;
  }

  private static Document base(
      String kind, long id, String name, String type, String externalId, long updateTime) {
    Document doc = new Document();
    doc.add(new StringField(KEY, key(kind, id), Field.Store.YES));
    doc.add(new StringField(KIND_EXACT, kind, Field.Store.YES));
    doc.add(new TextField(KIND, kind, Field.Store.NO));
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
