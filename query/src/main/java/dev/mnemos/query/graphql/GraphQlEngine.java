package dev.mnemos.query.graphql;

import dev.mnemos.query.config.QuerySettings;
import dev.mnemos.server.auth.Caller;
import dev.mnemos.server.errors.StoreException;
import dev.mnemos.server.scope.ReadScope;
import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.scalars.ExtendedScalars;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dataloader.DataLoaderRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The GraphQL schema of Mnemos, built from the SDL files of each domain and the wiring of each
 * domain, with the depth, complexity and time limits of {@link QuerySettings.Limits}. Errors carry
 * a code in their extensions: BAD_INPUT, NOT_FOUND, TOO_COMPLEX or INTERNAL.
 */
public final class GraphQlEngine {

  private static final List<String> SCHEMA_FILES =
      List.of("common", "nodes", "lineage", "runs", "metrics", "history", "search", "lifecycle");

  /**
   * Distinct query texts whose parsed and validated form is kept (clients send few, with
   * variables).
   */
  private static final int PARSED_QUERIES_KEPT = 500;

  private final QueryServices services;
  private final GraphQL graphQl;
  private final GraphQlMetrics metrics;

  public GraphQlEngine(QueryServices services) {
    this(services, GraphQlMetrics.unread());
  }

  public GraphQlEngine(QueryServices services, GraphQlMetrics metrics) {
    this.services = services;
    this.metrics = metrics;
    QuerySettings.Limits limits = services.settings().limits();
    this.graphQl =
        GraphQL.newGraphQL(schema())
            .instrumentation(
                new ChainedInstrumentation(
                    List.of(
                        new MaxQueryDepthInstrumentation(limits.maxDepth()),
                        new MaxQueryComplexityInstrumentation(limits.maxComplexity()))))
            .defaultDataFetcherExceptionHandler(new ErrorCodes())
            .preparsedDocumentProvider(new ParsedQueries(PARSED_QUERIES_KEPT))
            .build();
  }

  static GraphQLSchema schema() {
    TypeDefinitionRegistry types = new TypeDefinitionRegistry();
    SchemaParser parser = new SchemaParser();
    for (String file : SCHEMA_FILES) {
      types.merge(parser.parse(read("schema/" + file + ".graphqls")));
    }
    RuntimeWiring.Builder wiring =
        RuntimeWiring.newRuntimeWiring()
            .scalar(ExtendedScalars.GraphQLLong)
            .scalar(ExtendedScalars.Json);
    NodeWiring.wire(wiring);
    LineageWiring.wire(wiring);
    LifecycleWiring.wire(wiring);
    RunWiring.wire(wiring);
    MetricWiring.wire(wiring);
    HistoryWiring.wire(wiring);
    SearchWiring.wire(wiring);
    return new SchemaGenerator().makeExecutableSchema(types, wiring.build());
  }

  private static String read(String resource) {
    try (InputStream in =
        GraphQlEngine.class.getResourceAsStream("/dev/mnemos/query/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing schema file " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs one GraphQL request for {@code caller}, reading what it may read; errors are in the
   * result, each with a code.
   */
  public Map<String, Object> execute(
      String query,
      @Nullable String operationName,
      @Nullable Map<String, Object> variables,
      Caller caller) {
    long started = System.nanoTime();
    Map<String, Object> response;
    try {
      response = answer(query, operationName, variables, caller, services.scopes().of(caller));
    } catch (StoreException e) {
      // The caller's rights could not be checked (the cluster's API away): nothing was read.
      response =
          Map.of(
              "errors",
              List.of(
                  GraphqlErrorBuilder.newError()
                      .message(String.valueOf(e.getMessage()))
                      .extensions(Map.of("code", ErrorCodes.UNAVAILABLE))
                      .build()
                      .toSpecification()));
    }
    metrics.observe(operationName, response, System.nanoTime() - started);
    return response;
  }

  private Map<String, Object> answer(
      String query,
      @Nullable String operationName,
      @Nullable Map<String, Object> variables,
      Caller caller,
      ReadScope scope) {
    RequestContext context =
        new RequestContext(
            services, caller, scope, services.settings().limits().timeBudget().toMillis());
    DataLoaderRegistry loaders = context.loaders();
    ExecutionInput input =
        ExecutionInput.newExecutionInput()
            .query(query)
            .operationName(operationName)
            .variables(variables == null ? Map.of() : variables)
            .dataLoaderRegistry(loaders)
            .graphQLContext(Map.of(RequestContext.KEY, context))
            .build();
    ExecutionResult result = context.withinBudget(() -> graphQl.execute(input));
    Map<String, Object> response = new LinkedHashMap<>();
    if (!result.getErrors().isEmpty()) {
      List<Map<String, Object>> errors = new ArrayList<>();
      result.getErrors().forEach(error -> errors.add(withCode(error).toSpecification()));
      response.put("errors", errors);
    }
    if (result.isDataPresent()) {
      response.put("data", result.getData());
    }
    return response;
  }

  /** Errors raised before any fetcher ran get their code from their classification. */
  private static GraphQLError withCode(GraphQLError error) {
    if (error.getExtensions() != null && error.getExtensions().containsKey("code")) {
      return error;
    }
    ErrorClassification type = error.getErrorType();
    String code =
        type == ErrorType.ExecutionAborted
            ? ErrorCodes.TOO_COMPLEX
            : type == ErrorType.ValidationError || type == ErrorType.InvalidSyntax
                ? ErrorCodes.BAD_INPUT
                : ErrorCodes.INTERNAL;
    return GraphqlErrorBuilder.newError()
        .message(error.getMessage())
        .locations(error.getLocations())
        .path(error.getPath())
        .errorType(type)
        .extensions(Map.of("code", code))
        .build();
  }
}
