package dev.mnemos.query.graphql;

import static graphql.schema.idl.TypeRuntimeWiring.newTypeWiring;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.Event;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.ExecutionType;
import dev.mnemos.proto.mlmd.GetArtifactByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.GetArtifactTypesRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByContextRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetArtifactsByTypeRequest;
import dev.mnemos.proto.mlmd.GetArtifactsRequest;
import dev.mnemos.proto.mlmd.GetContextByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.GetContextTypesRequest;
import dev.mnemos.proto.mlmd.GetContextsByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetContextsByTypeRequest;
import dev.mnemos.proto.mlmd.GetContextsRequest;
import dev.mnemos.proto.mlmd.GetExecutionByTypeAndNameRequest;
import dev.mnemos.proto.mlmd.GetExecutionTypesRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByContextRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByExternalIdsRequest;
import dev.mnemos.proto.mlmd.GetExecutionsByTypeRequest;
import dev.mnemos.proto.mlmd.GetExecutionsRequest;
import dev.mnemos.proto.mlmd.ListOperationOptions;
import dev.mnemos.proto.mlmd.PropertyType;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.errors.ErrorCode;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.store.MetadataStore;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Artifacts, executions, contexts, events and types: lookups, id-ordered listings with MLMD
 * filters, and the relations between nodes. Nodes are MLMD's own messages; this class only
 * translates between them and the schema.
 */
final class NodeWiring {

  private NodeWiring() {}

  static void wire(RuntimeWiring.Builder wiring) {
    wiring.type(
        newTypeWiring("Query")
            .dataFetcher("node", NodeWiring::node)
            .dataFetcher("artifacts", env -> list(env, Kind.ARTIFACT))
            .dataFetcher("executions", env -> list(env, Kind.EXECUTION))
            .dataFetcher("contexts", env -> list(env, Kind.CONTEXT))
            .dataFetcher("types", NodeWiring::types));
    wiring.type(
        newTypeWiring("Node")
            .typeResolver(
                env ->
                    env.getSchema()
                        .getObjectType(
                            switch (env.getObject()) {
                              case Artifact a -> "Artifact";
                              case Execution e -> "Execution";
                              default -> "Context";
                            })));
    wiring.type(
        newTypeWiring("NodeType")
            .typeResolver(
                env ->
                    env.getSchema()
                        .getObjectType(
                            switch (env.getObject()) {
                              case ArtifactType a -> "ArtifactType";
                              case ExecutionType e -> "ExecutionType";
                              default -> "ContextType";
                            })));
    wiring.type(
        nodeFields("Artifact", "ARTIFACT")
            .dataFetcher(
                "type", env -> load(env, Loaders.ARTIFACT_TYPES, artifact(env).getTypeId()))
            .dataFetcher("uri", env -> optional(env, "uri"))
            .dataFetcher("state", env -> optional(env, "state"))
            .dataFetcher(
                "contexts",
                env -> loadList(env, Loaders.CONTEXTS_OF_ARTIFACT, artifact(env).getId()))
            .dataFetcher(
                "events", env -> loadList(env, Loaders.EVENTS_OF_ARTIFACT, artifact(env).getId()))
            .dataFetcher(
                "producedBy",
                env -> loadList(env, Loaders.PRODUCERS_OF_ARTIFACT, artifact(env).getId()))
            .dataFetcher(
                "consumedBy",
                env -> loadList(env, Loaders.CONSUMERS_OF_ARTIFACT, artifact(env).getId())));
    wiring.type(
        nodeFields("Execution", "EXECUTION")
            .dataFetcher(
                "type",
                env -> load(env, Loaders.EXECUTION_TYPES, env.<Execution>getSource().getTypeId()))
            .dataFetcher("state", env -> optional(env, "last_known_state"))
            .dataFetcher(
                "contexts",
                env ->
                    loadList(
                        env, Loaders.CONTEXTS_OF_EXECUTION, env.<Execution>getSource().getId()))
            .dataFetcher(
                "events",
                env ->
                    loadList(env, Loaders.EVENTS_OF_EXECUTION, env.<Execution>getSource().getId()))
            .dataFetcher(
                "inputs",
                env ->
                    loadList(env, Loaders.INPUTS_OF_EXECUTION, env.<Execution>getSource().getId()))
            .dataFetcher(
                "outputs",
                env ->
                    loadList(
                        env, Loaders.OUTPUTS_OF_EXECUTION, env.<Execution>getSource().getId())));
    wiring.type(
        nodeFields("Context", "CONTEXT")
            .dataFetcher(
                "type",
                env -> load(env, Loaders.CONTEXT_TYPES, env.<Context>getSource().getTypeId()))
            .dataFetcher(
                "contexts", env -> loadList(env, Loaders.PARENTS, env.<Context>getSource().getId()))
            .dataFetcher(
                "parents", env -> loadList(env, Loaders.PARENTS, env.<Context>getSource().getId()))
            .dataFetcher(
                "children",
                env -> loadList(env, Loaders.CHILDREN, env.<Context>getSource().getId()))
            .dataFetcher("artifacts", env -> members(env, Kind.ARTIFACT))
            .dataFetcher("executions", env -> members(env, Kind.EXECUTION)));
    wiring.type(
        newTypeWiring("Event")
            .dataFetcher("type", env -> env.<Event>getSource().getType().name())
            .dataFetcher(
                "artifact",
                env -> load(env, Loaders.ARTIFACTS, env.<Event>getSource().getArtifactId()))
            .dataFetcher(
                "execution",
                env -> load(env, Loaders.EXECUTIONS, env.<Event>getSource().getExecutionId()))
            .dataFetcher("path", env -> path(env.getSource()))
            .dataFetcher(
                "time",
                env ->
                    env.<Event>getSource().hasMillisecondsSinceEpoch()
                        ? env.<Event>getSource().getMillisecondsSinceEpoch()
                        : null));
    for (String type : List.of("ArtifactType", "ExecutionType", "ContextType")) {
      wiring.type(
          newTypeWiring(type)
              .dataFetcher("version", env -> optional(env, "version"))
              .dataFetcher("description", env -> optional(env, "description"))
              .dataFetcher("externalId", env -> optional(env, "external_id"))
              .dataFetcher("properties", NodeWiring::propertyDefinitions)
              .dataFetcher("baseType", env -> optional(env, "base_type")));
    }
  }

  /** The node kinds, with their MLMD listing calls. */
  enum Kind {
    ARTIFACT,
    EXECUTION,
    CONTEXT
  }

  private static graphql.schema.idl.TypeRuntimeWiring.Builder nodeFields(String type, String kind) {
    return newTypeWiring(type)
        .dataFetcher("kind", env -> kind)
        .dataFetcher("name", env -> optional(env, "name"))
        .dataFetcher("externalId", env -> optional(env, "external_id"))
        .dataFetcher("typeName", env -> optional(env, "type"))
        .dataFetcher("createTime", env -> optional(env, "create_time_since_epoch"))
        .dataFetcher("lastUpdateTime", env -> optional(env, "last_update_time_since_epoch"))
        .dataFetcher("properties", NodeWiring::properties);
  }

  private static Artifact artifact(DataFetchingEnvironment env) {
    return env.getSource();
  }

  /** A proto field, or null when it is not set (MLMD leaves optional fields unset, not empty). */
  private static Object optional(DataFetchingEnvironment env, String field) {
    Message message = env.getSource();
    FieldDescriptor descriptor = message.getDescriptorForType().findFieldByName(field);
    if (descriptor == null || !message.hasField(descriptor)) {
      return null;
    }
    Object value = message.getField(descriptor);
    return value instanceof Descriptors.EnumValueDescriptor e ? e.getName() : value;
  }

  static <V> Object load(DataFetchingEnvironment env, String loader, long id) {
    return RequestContext.of(env).<Long, V>loader(loader).load(id);
  }

  static Object loadList(DataFetchingEnvironment env, String loader, long id) {
    return RequestContext.of(env)
        .<Long, List<?>>loader(loader)
        .load(id)
        .thenApply(list -> list == null ? List.of() : list);
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  private static Object node(DataFetchingEnvironment env) {
    Inputs input = Inputs.of(env);
    Kind kind = input.enumValue("kind", Kind.class).orElseThrow();
    MetadataStore store = RequestContext.of(env).services().store();
    if (input.has("id")) {
      long id = input.longValue("id").orElseThrow();
      return load(
          env,
          switch (kind) {
            case ARTIFACT -> Loaders.ARTIFACTS;
            case EXECUTION -> Loaders.EXECUTIONS;
            case CONTEXT -> Loaders.CONTEXTS;
          },
          id);
    }
    if (input.has("externalId")) {
      String externalId = input.string("externalId").orElseThrow();
      try {
        return switch (kind) {
          case ARTIFACT ->
              first(
                  store
                      .nodes()
                      .getArtifactsByExternalIds(
                          GetArtifactsByExternalIdsRequest.newBuilder()
                              .addExternalIds(externalId)
                              .build())
                      .getArtifactsList());
          case EXECUTION ->
              first(
                  store
                      .nodes()
                      .getExecutionsByExternalIds(
                          GetExecutionsByExternalIdsRequest.newBuilder()
                              .addExternalIds(externalId)
                              .build())
                      .getExecutionsList());
          case CONTEXT ->
              first(
                  store
                      .nodes()
                      .getContextsByExternalIds(
                          GetContextsByExternalIdsRequest.newBuilder()
                              .addExternalIds(externalId)
                              .build())
                      .getContextsList());
        };
      } catch (StoreException e) {
        if (e.code() == ErrorCode.NOT_FOUND) {
          return null;
        }
        throw e;
      }
    }
    if (input.has("type") && input.has("name")) {
      String type = input.string("type").orElseThrow();
      String version = input.string("typeVersion").orElse("");
      String name = input.string("name").orElseThrow();
      return switch (kind) {
        case ARTIFACT -> {
          var found =
              store
                  .nodes()
                  .getArtifactByTypeAndName(
                      GetArtifactByTypeAndNameRequest.newBuilder()
                          .setTypeName(type)
                          .setTypeVersion(version)
                          .setArtifactName(name)
                          .build());
          yield found.hasArtifact() ? found.getArtifact() : null;
        }
        case EXECUTION -> {
          var found =
              store
                  .nodes()
                  .getExecutionByTypeAndName(
                      GetExecutionByTypeAndNameRequest.newBuilder()
                          .setTypeName(type)
                          .setTypeVersion(version)
                          .setExecutionName(name)
                          .build());
          yield found.hasExecution() ? found.getExecution() : null;
        }
        case CONTEXT -> {
          var found =
              store
                  .nodes()
                  .getContextByTypeAndName(
                      GetContextByTypeAndNameRequest.newBuilder()
                          .setTypeName(type)
                          .setTypeVersion(version)
                          .setContextName(name)
                          .build());
          yield found.hasContext() ? found.getContext() : null;
        }
      };
    }
    throw StoreException.invalidArgument("node needs an id, an externalId, or a type and a name");
  }

  private static <T> T first(List<T> list) {
    return list.isEmpty() ? null : list.get(0);
  }

  /** MLMD's listings cap a page at 100 nodes. */
  private static final int MAX_NODE_PAGE = 100;

  static ListOperationOptions options(Inputs input, Optional<String> filter) {
    int first = input.first(MAX_NODE_PAGE);
    List<String> conditions = new ArrayList<>();
    filter.filter(f -> !f.isBlank()).ifPresent(f -> conditions.add("(" + f + ")"));
    input.string("after").ifPresent(after -> conditions.add("id > " + Connections.idOf(after)));
    ListOperationOptions.Builder options =
        ListOperationOptions.newBuilder()
            .setMaxResultSize(first)
            .setOrderByField(
                ListOperationOptions.OrderByField.newBuilder()
                    .setField(ListOperationOptions.OrderByField.Field.ID)
                    .setIsAsc(true));
    if (!conditions.isEmpty()) {
      options.setFilterQuery(String.join(" AND ", conditions));
    }
    return options.build();
  }

  private static Object list(DataFetchingEnvironment env, Kind kind) {
    Inputs input = Inputs.of(env);
    MetadataStore store = RequestContext.of(env).services().store();
    ListOperationOptions options = options(input, input.string("filter"));
    Optional<String> type = input.string("type");
    String version = input.string("typeVersion").orElse("");
    return switch (kind) {
      case ARTIFACT -> {
        if (type.isPresent()) {
          var page =
              store
                  .nodes()
                  .getArtifactsByType(
                      GetArtifactsByTypeRequest.newBuilder()
                          .setTypeName(type.get())
                          .setTypeVersion(version)
                          .setOptions(options)
                          .build());
          yield connection(page.getArtifactsList(), Artifact::getId, page.getNextPageToken());
        }
        var page =
            store
                .nodes()
                .getArtifacts(GetArtifactsRequest.newBuilder().setOptions(options).build());
        yield connection(page.getArtifactsList(), Artifact::getId, page.getNextPageToken());
      }
      case EXECUTION -> {
        if (type.isPresent()) {
          var page =
              store
                  .nodes()
                  .getExecutionsByType(
                      GetExecutionsByTypeRequest.newBuilder()
                          .setTypeName(type.get())
                          .setTypeVersion(version)
                          .setOptions(options)
                          .build());
          yield connection(page.getExecutionsList(), Execution::getId, page.getNextPageToken());
        }
        var page =
            store
                .nodes()
                .getExecutions(GetExecutionsRequest.newBuilder().setOptions(options).build());
        yield connection(page.getExecutionsList(), Execution::getId, page.getNextPageToken());
      }
      case CONTEXT -> {
        if (type.isPresent()) {
          var page =
              store
                  .nodes()
                  .getContextsByType(
                      GetContextsByTypeRequest.newBuilder()
                          .setTypeName(type.get())
                          .setTypeVersion(version)
                          .setOptions(options)
                          .build());
          yield connection(page.getContextsList(), Context::getId, page.getNextPageToken());
        }
        var page =
            store.nodes().getContexts(GetContextsRequest.newBuilder().setOptions(options).build());
        yield connection(page.getContextsList(), Context::getId, page.getNextPageToken());
      }
    };
  }

  static <T> Map<String, Object> connection(
      List<T> nodes, Function<T, Long> id, String nextPageToken) {
    return Connections.of(
        nodes,
        node -> Connections.idCursor(id.apply(node)),
        !nextPageToken.isEmpty(),
        Optional.empty());
  }

  private static Object members(DataFetchingEnvironment env, Kind kind) {
    Inputs input = Inputs.of(env);
    long contextId = env.<Context>getSource().getId();
    MetadataStore store = RequestContext.of(env).services().store();
    ListOperationOptions options = options(input, Optional.empty());
    if (kind == Kind.ARTIFACT) {
      var page =
          store
              .nodes()
              .getArtifactsByContext(
                  GetArtifactsByContextRequest.newBuilder()
                      .setContextId(contextId)
                      .setOptions(options)
                      .build());
      return connection(page.getArtifactsList(), Artifact::getId, page.getNextPageToken());
    }
    var page =
        store
            .nodes()
            .getExecutionsByContext(
                GetExecutionsByContextRequest.newBuilder()
                    .setContextId(contextId)
                    .setOptions(options)
                    .build());
    return connection(page.getExecutionsList(), Execution::getId, page.getNextPageToken());
  }

  private static Object types(DataFetchingEnvironment env) {
    Kind kind = Inputs.of(env).enumValue("kind", Kind.class).orElseThrow();
    MetadataStore store = RequestContext.of(env).services().store();
    return switch (kind) {
      case ARTIFACT ->
          store
              .types()
              .getArtifactTypes(GetArtifactTypesRequest.getDefaultInstance())
              .getArtifactTypesList();
      case EXECUTION ->
          store
              .types()
              .getExecutionTypes(GetExecutionTypesRequest.getDefaultInstance())
              .getExecutionTypesList();
      case CONTEXT ->
          store
              .types()
              .getContextTypes(GetContextTypesRequest.getDefaultInstance())
              .getContextTypesList();
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Values

  private static List<Map<String, Object>> properties(DataFetchingEnvironment env) {
    Message node = env.getSource();
    Map<String, Value> declared;
    Map<String, Value> custom;
    switch (node) {
      case Artifact a -> {
        declared = a.getPropertiesMap();
        custom = a.getCustomPropertiesMap();
      }
      case Execution e -> {
        declared = e.getPropertiesMap();
        custom = e.getCustomPropertiesMap();
      }
      case Context c -> {
        declared = c.getPropertiesMap();
        custom = c.getCustomPropertiesMap();
      }
      default -> throw new IllegalStateException("not a node: " + node.getClass());
    }
    List<Map<String, Object>> properties = new ArrayList<>();
    new TreeMap<>(declared).forEach((name, value) -> properties.add(property(name, false, value)));
    new TreeMap<>(custom).forEach((name, value) -> properties.add(property(name, true, value)));
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

  private static List<Map<String, Object>> propertyDefinitions(DataFetchingEnvironment env) {
    Map<String, PropertyType> definitions =
        switch ((Message) env.getSource()) {
          case ArtifactType t -> t.getPropertiesMap();
          case ExecutionType t -> t.getPropertiesMap();
          case ContextType t -> t.getPropertiesMap();
          default -> Map.of();
        };
    List<Map<String, Object>> result = new ArrayList<>();
    new TreeMap<>(definitions)
        .forEach((name, type) -> result.add(Map.of("name", name, "valueType", type.name())));
    return result;
  }

  private static List<String> path(Event event) {
    return event.getPath().getStepsList().stream()
        .map(step -> step.hasKey() ? step.getKey() : Long.toString(step.getIndex()))
        .toList();
  }
}
