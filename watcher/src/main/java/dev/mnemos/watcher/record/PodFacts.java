package dev.mnemos.watcher.record;

import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.watcher.step.StepPod;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The custom properties that tie an execution to the pod that ran it, and what KFP's writers never
 * recorded: where and with what image it ran, how it ended and when.
 */
final class PodFacts {

  private PodFacts() {}

  static final String POD_NAME = "pod_name";
  static final String POD_UID = "pod_uid";
  static final String NAMESPACE = "namespace";
  static final String NODE_ID = "node_id";
  static final String IMAGE = "image";
  static final String EXIT_CODE = "exit_code";
  static final String STARTED_AT = "started_at";
  static final String FINISHED_AT = "finished_at";

  static Map<String, Value> of(StepPod step) {
    Map<String, Value> facts = new LinkedHashMap<>();
    facts.put(POD_NAME, string(step.pod().name()));
    facts.put(POD_UID, string(step.pod().uid()));
    facts.put(NAMESPACE, string(step.pod().namespace()));
    facts.put(NODE_ID, string(step.nodeId()));
    if (!step.image().isEmpty()) {
      facts.put(IMAGE, string(step.image()));
    }
    step.exitCode().ifPresent(code -> facts.put(EXIT_CODE, integer(code)));
    // RFC 3339 text, not milliseconds: MLMD's MySQL schema keeps int values in 32 bits.
    step.started().ifPresent(time -> facts.put(STARTED_AT, string(time.toString())));
    step.finished().ifPresent(time -> facts.put(FINISHED_AT, string(time.toString())));
    return facts;
  }

  static Value string(String value) {
    return Value.newBuilder().setStringValue(value).build();
  }

  static Value integer(long value) {
    return Value.newBuilder().setIntValue(value).build();
  }
}
