package dev.mnemos.server.errors;

/** The one exception the store throws for anything a caller should hear about. */
public final class StoreException extends RuntimeException {

  private final ErrorCode code;

  public StoreException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public StoreException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static StoreException invalidArgument(String message) {
    return new StoreException(ErrorCode.INVALID_ARGUMENT, message);
  }

  public static StoreException notFound(String message) {
    return new StoreException(ErrorCode.NOT_FOUND, message);
  }

  public static StoreException alreadyExists(String message) {
    return new StoreException(ErrorCode.ALREADY_EXISTS, message);
  }

  public static StoreException unimplemented(String message) {
    return new StoreException(ErrorCode.UNIMPLEMENTED, message);
  }
}
