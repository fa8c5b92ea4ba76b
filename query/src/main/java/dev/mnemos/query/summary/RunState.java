package dev.mnemos.query.summary;

import dev.mnemos.proto.mlmd.Execution;

/**
 * A run's state rolled up from its executions' last known states: a failed step fails the run, a
 * step still new, running or unknown keeps it running; otherwise it is complete (cached and
 * canceled steps count as done), or canceled when every step was. A run without steps is NEW.
 */
final class RunState {

  private RunState() {}

  static Execution.State rollUp(long executions, long failed, long active, long canceled) {
    if (executions == 0) {
      return Execution.State.NEW;
    }
    if (failed > 0) {
      return Execution.State.FAILED;
    }
    if (active > 0) {
      return Execution.State.RUNNING;
    }
    return canceled == executions ? Execution.State.CANCELED : Execution.State.COMPLETE;
  }

  static boolean isFinal(Execution.State state) {
    return state != Execution.State.NEW && state != Execution.State.RUNNING;
  }
}
