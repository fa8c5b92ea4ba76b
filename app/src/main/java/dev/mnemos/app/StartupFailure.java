package dev.mnemos.app;

/** A part of the process that could not start; the message says which and why, in one line. */
final class StartupFailure extends Exception {

  StartupFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
