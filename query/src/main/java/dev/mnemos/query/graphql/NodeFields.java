package dev.mnemos.query.graphql;

import static graphql.schema.idl.TypeRuntimeWiring.newTypeWiring;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.migrations.SimpleType;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.model.LineageEvent;
import dev.mnemos.server.model.Node;
import dev.mnemos.server.model.NodeListing;
import dev.mnemos.server.model.NodeType;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * The fields of artifacts, executions, contexts, events and types: the store's typed records
 * translated to the schema, relations through the request's loaders.
 */
final class NodeFields {

  private NodeFields() {}

  static void wire(RuntimeWiring.Builder wiring) {
    wiring.type(
        newTypeWiring("Node")
            .typeResolver(
                env ->
                    env.getSchema()
                        .getObjectType(objectType(Objects.requireNonNull(env.<Node>getObject())))));
    wiring.type(
        newTypeWiring("NodeType")
            .typeResolver(
                env ->
                    env.getSchema()
                        .getObjectType(
                            objectType(Objects.requireNonNull(env.<NodeType>getObject()).kind())
                                + "Type")));
    wiring.type(
        common("Artifact", NodeKind.ARTIFACT)
            .dataFetcher("state", env -> state(node(env), Artifact.State::forNumber))
            .dataFetcher("contexts", env -> related(env, Loaders.contextsOf(NodeKind.ARTIFACT)))
            .dataFetcher("runs", env -> related(env, Loaders.runsOf(NodeKind.ARTIFACT)))
            .dataFetcher("events", env -> related(env, Loaders.events(NodeKind.ARTIFACT)))
            .dataFetcher("producedBy", env -> related(env, Loaders.PRODUCERS_OF_ARTIFACT))
            .dataFetcher("consumedBy", env -> related(env, Loaders.CONSUMERS_OF_ARTIFACT)));
    wiring.type(
        common("Execution", NodeKind.EXECUTION)
            .dataFetcher("state", env -> state(node(env), Execution.State::forNumber))
            .dataFetcher("contexts", env -> related(env, Loaders.contextsOf(NodeKind.EXECUTION)))
            .dataFetcher("runs", env -> related(env, Loaders.runsOf(NodeKind.EXECUTION)))
            .dataFetcher("events", env -> related(env, Loaders.events(NodeKind.EXECUTION)))
            .dataFetcher("inputs", env -> related(env, Loaders.INPUTS_OF_EXECUTION))
            .dataFetcher("outputs", env -> related(env, Loaders.OUTPUTS_OF_EXECUTION)));
    wiring.type(
        common("Context", NodeKind.CONTEXT)
            .dataFetcher("contexts", env -> related(env, Loaders.PARENTS))
            .dataFetcher("parents", env -> related(env, Loaders.PARENTS))
            .dataFetcher("children", env -> related(env, Loaders.CHILDREN))
            .dataFetcher("artifacts", env -> members(env, NodeKind.ARTIFACT))
            .dataFetcher("executions", env -> members(env, NodeKind.EXECUTION)));
    wiring.type(
        newTypeWiring("Event")
            .dataFetcher("type", env -> event(env).type().name())
            .dataFetcher(
                "artifact",
                env ->
                    NodeWiring.load(env, Loaders.nodes(NodeKind.ARTIFACT), event(env).artifactId()))
            .dataFetcher(
                "execution",
                env ->
                    NodeWiring.load(
                        env, Loaders.nodes(NodeKind.EXECUTION), event(env).executionId()))
            .dataFetcher(
                "path",
                env -> event(env).path().stream().map(LineageEvent.PathStep::toString).toList())
            .dataFetcher("time", env -> event(env).time()));
    for (String type : List.of("ArtifactType", "ExecutionType", "ContextType")) {
      wiring.type(
          newTypeWiring(type)
              .dataFetcher("properties", env -> propertyDefinitions(Sources.of(env)))
              .dataFetcher("baseType", env -> baseType(Sources.of(env))));
    }
  }

  static String objectType(Node node) {
    return objectType(node.kind());
  }

  private static String objectType(NodeKind kind) {
    return switch (kind) {
      case ARTIFACT -> "Artifact";
      case EXECUTION -> "Execution";
      case CONTEXT -> "Context";
    };
  }

  /** The fields every node kind has. */
  private static TypeRuntimeWiring.Builder common(String type, NodeKind kind) {
    return newTypeWiring(type)
        .dataFetcher("kind", env -> kind.name())
        .dataFetcher("lastUpdateTime", env -> node(env).updateTime())
        .dataFetcher("properties", env -> properties(node(env)))
        .dataFetcher(
            "type", env -> NodeWiring.load(env, Loaders.types(kind), node(env).storedTypeId()));
  }

  private static Node node(DataFetchingEnvironment env) {
    return Sources.of(env);
  }

  private static LineageEvent event(DataFetchingEnvironment env) {
    return Sources.of(env);
  }

  private static Object related(DataFetchingEnvironment env, String loader) {
    return NodeWiring.loadList(env, loader, node(env).storedId());
  }

  /** A context's artifacts or executions, a page at a time in id order. */
  private static Object members(DataFetchingEnvironment env, NodeKind kind) {
    NodeListing listing = NodeWiring.listing(kind, Inputs.of(env)).membersOf(node(env).storedId());
    return NodeWiring.connection(RequestContext.of(env).graph().list(listing));
  }

  /**
   * The name of a node's state in MLMD's enum ({@code forNumber} of {@link Artifact.State} or
   * {@link Execution.State}), UNKNOWN for a number the enum lacks, null when unset.
   */
  private static @Nullable String state(
      Node node, IntFunction<? extends @Nullable Enum<?>> forNumber) {
    if (node.state() == null) {
      return null;
    }
    Enum<?> state = forNumber.apply(node.state().intValue());
    return state == null ? "UNKNOWN" : state.name();
  }

  /** Declared properties, then custom ones, each in name order. */
  private static List<Map<String, Object>> properties(Node node) {
    List<Map<String, Object>> properties = new ArrayList<>();
    new TreeMap<>(node.properties())
        .forEach((name, value) -> properties.add(property(name, false, value)));
    new TreeMap<>(node.customProperties())
        .forEach((name, value) -> properties.add(property(name, true, value)));
    return properties;
  }

  private static Map<String, Object> property(String name, boolean custom, Value value) {
    Map<String, Object> property = new LinkedHashMap<>();
    property.put("name", name);
    property.put("custom", custom);
    switch (value.getValueCase()) {
      case INT_VALUE -> {
        property.put("valueType", "INT");
        property.put("intValue", value.getIntValue());
      }
      case DOUBLE_VALUE -> {
        property.put("valueType", "DOUBLE");
        property.put("doubleValue", value.getDoubleValue());
      }
      case STRING_VALUE -> {
        property.put("valueType", "STRING");
        property.put("stringValue", value.getStringValue());
      }
      case BOOL_VALUE -> {
        property.put("valueType", "BOOLEAN");
        property.put("boolValue", value.getBoolValue());
      }
      case STRUCT_VALUE -> {
        property.put("valueType", "STRUCT");
        property.put("structValue", JsonValues.of(value.getStructValue()));
      }
      case PROTO_VALUE -> {
        property.put("valueType", "PROTO");
        property.put(
            "protoValue",
            Map.of(
                "typeUrl",
                value.getProtoValue().getTypeUrl(),
                "value",
                Base64.getEncoder()
                    .encodeToString(value.getProtoValue().getValue().toByteArray())));
      }
      default -> property.put("valueType", "UNKNOWN");
    }
    return property;
  }

  private static List<Map<String, Object>> propertyDefinitions(NodeType type) {
    List<Map<String, Object>> result = new ArrayList<>();
    new TreeMap<>(type.properties())
        .forEach(
            (name, valueType) -> result.add(Map.of("name", name, "valueType", valueType.name())));
    return result;
  }

  /** The simple type a type extends, by its enum name in MLMD's messages (e.g. DATASET). */
  private static @Nullable String baseType(NodeType type) {
    return type.baseTypeName() == null
        ? null
        : SimpleType.byTypeName(type.baseTypeName())
            .filter(simple -> simple.kind() == type.kind())
            .map(SimpleType::name)
            .orElse(null);
  }
}
