package dev.mnemos.query.graphql;

import dev.mnemos.server.errors.StoreException;
import graphql.ErrorType;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps the store's one exception type to GraphQL errors with a code in {@code extensions}: the
 * GraphQL side of what {@code Calls} does for gRPC. Anything else is INTERNAL, logged, and its
 * message withheld.
 */
final class ErrorCodes implements DataFetcherExceptionHandler {

  static final String BAD_INPUT = "BAD_INPUT";
  static final String NOT_FOUND = "NOT_FOUND";
  static final String TOO_COMPLEX = "TOO_COMPLEX";
  static final String UNAVAILABLE = "UNAVAILABLE";
  static final String INTERNAL = "INTERNAL";
  static final String FORBIDDEN = "FORBIDDEN";

  private static final Logger log = LoggerFactory.getLogger(ErrorCodes.class);

  @Override
  public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
      DataFetcherExceptionHandlerParameters parameters) {
    Throwable failure = parameters.getException();
    while (failure instanceof CompletionException && failure.getCause() != null) {
      failure = failure.getCause();
    }
    String code;
    String message;
    if (failure instanceof StoreException e) {
      code =
          switch (e.code()) {
            case INVALID_ARGUMENT, OUT_OF_RANGE, FAILED_PRECONDITION -> BAD_INPUT;
            case NOT_FOUND -> NOT_FOUND;
            case PERMISSION_DENIED -> FORBIDDEN;
            case RESOURCE_EXHAUSTED -> TOO_COMPLEX;
            case UNAVAILABLE, ABORTED -> UNAVAILABLE;
            default -> INTERNAL;
          };
      if (code.equals(INTERNAL)) {
        // The database's own words (SQL, file names) stay in the log.
        message = "internal error; the server log has the details";
        log.error("GraphQL fetcher failed at {}", parameters.getPath(), failure);
      } else {
        message = e.getMessage();
      }
    } else {
      code = INTERNAL;
      message = "internal error; the server log has the details";
      log.error("GraphQL fetcher failed at {}", parameters.getPath(), failure);
    }
    return CompletableFuture.completedFuture(
        DataFetcherExceptionHandlerResult.newResult()
            .error(
                GraphqlErrorBuilder.newError()
                    .message(message)
                    .path(parameters.getPath())
                    .location(parameters.getSourceLocation())
                    .errorType(
                        code.equals(INTERNAL)
                            ? ErrorType.DataFetchingException
                            : ErrorType.ValidationError)
                    .extensions(Map.of("code", code))
                    .build())
            .build());
  }
}
