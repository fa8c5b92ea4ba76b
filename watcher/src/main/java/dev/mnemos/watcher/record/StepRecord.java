package dev.mnemos.watcher.record;

import dev.mnemos.watcher.argo.ArgoOutputs;
import dev.mnemos.watcher.argo.ArgoTemplate;
import dev.mnemos.watcher.argo.S3Location;
import dev.mnemos.watcher.step.StepPod;
import java.util.Optional;

/**
 * Everything the watcher knows of a step at one moment, from the pod and the Argo resources around
 * it. Equal records record the same, so the watcher skips a record it already wrote.
 *
 * @param step the pod's facts
 * @param template the step's Argo template, from the pod or else the workflow's node status
 * @param outputs its outputs, once Argo reported them (pod, task result or node status)
 * @param repository endpoint and bucket of the artifact repository, for key-only locations
 */
public record StepRecord(
    StepPod step,
    Optional<ArgoTemplate> template,
    Optional<ArgoOutputs> outputs,
    S3Location repository) {}
