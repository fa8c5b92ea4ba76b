package dev.mnemos.watcher;

import dev.mnemos.watcher.argo.ArgoKeys;
import dev.mnemos.watcher.argo.ArgoKinds;
import dev.mnemos.watcher.election.Leadership;
import dev.mnemos.watcher.election.NotLeading;
import dev.mnemos.watcher.record.NotYetRecorded;
import dev.mnemos.watcher.record.Recorded;
import dev.mnemos.watcher.record.StepRecord;
import dev.mnemos.watcher.record.StepRecorder;
import dev.mnemos.watcher.step.StepPod;
import dev.mnemos.watcher.step.StepPods;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the steps of pipeline runs as their pods come and go. Informers watch the pods Argo
 * creates (label {@value ArgoKeys#WORKFLOW}) and the Argo workflows and task results that hold what
 * newer Argo versions no longer put on pods; they resume from their last resourceVersion when a
 * watch ends. One worker takes the newest state of each pod from a bounded queue and records it
 * through the MLMD API, retrying with backoff while the store is unavailable.
 */
public final class PodWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PodWatcher.class);

  private static final String BY_WORKFLOW = "workflow";
  private static final String BY_NODE = "node";
  private static final int REMEMBERED_PODS = 100_000;

  private final KubernetesClient client;
  private final StepRecorder recorder;
  private final WatcherSettings settings;
  private final WatcherMetrics metrics;
  private final StepAssembler steps;
  private final RecordingRetries retries;
  private final Map<String, StepRecord> recorded = lruMap();
  private final Map<String, SharedIndexInformer<?>> informers = new LinkedHashMap<>();

  // Set by start(), before anything reads them.
  @SuppressWarnings("NullAway.Init")
  private WorkQueue<PodEvent> queue;

  @SuppressWarnings("NullAway.Init")
  private SharedIndexInformer<Pod> pods;

  private @Nullable Thread worker;

  /** A pod as last reported, and whether the report was its deletion. */
  record PodEvent(Pod pod, boolean deleted) {}

  /**
   * @param leadership how long this replica may still write; every call to the store asks
   */
  public PodWatcher(
      KubernetesClient client,
      Channel store,
      WatcherSettings settings,
      WatcherMetrics metrics,
      Leadership leadership) {
    this.client = client;
    this.recorder = new StepRecorder(store, settings.callTimeout(), leadership);
    this.settings = settings;
    this.metrics = metrics;
    this.steps = new StepAssembler(client, settings.defaultRepository());
    this.retries = new RecordingRetries(settings.firstRetry(), settings.lastRetry());
  }

  /** Starts the informers and the worker; returns once the first lists are in. */
  public synchronized void start() {
    queue = new WorkQueue<>(settings.queueCapacity());
    worker = Thread.ofPlatform().name("mnemos-watcher").daemon().start(this::work);
    SharedIndexInformer<GenericKubernetesResource> workflowInformer =
        inform(
            resources(ArgoKinds.WORKFLOWS),
            resource -> {
              steps.workflowChanged(key(resource), resource);
              requeue(BY_WORKFLOW, key(resource));
            },
            resource -> steps.workflowDeleted(key(resource)));
    SharedIndexInformer<GenericKubernetesResource> taskResultInformer =
        inform(
            resources(ArgoKinds.TASK_RESULTS),
            resource -> {
              steps.taskResultChanged(key(resource), resource);
              requeue(BY_NODE, key(resource));
            },
            resource -> steps.taskResultDeleted(key(resource)));
    var podSource =
        settings.namespace().isPresent()
            ? client.pods().inNamespace(settings.namespace().get()).withLabel(ArgoKeys.WORKFLOW)
            : client.pods().inAnyNamespace().withLabel(ArgoKeys.WORKFLOW);
    pods = podSource.runnableInformer(0);
    pods.addIndexers(
        Map.of(
            BY_WORKFLOW,
            pod ->
                List.of(
                    pod.getMetadata().getNamespace()
                        + "/"
                        + pod.getMetadata().getLabels().getOrDefault(ArgoKeys.WORKFLOW, "")),
            BY_NODE,
            pod -> List.of(pod.getMetadata().getNamespace() + "/" + StepPods.nodeId(pod))));
    pods.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            report(pod, false);
            metrics.seen();
          }

          @Override
          public void onUpdate(Pod before, Pod pod) {
            report(pod, false);
          }

          @Override
          public void onDelete(Pod pod, boolean finalStateUnknown) {
            report(pod, true);
          }
        });
    informers.put("argoproj.io workflows", workflowInformer);
    informers.put("argoproj.io workflowtaskresults", taskResultInformer);
    informers.put("pods", pods);
    // Workflows and task results first: a pod's outputs and repository are then known when the
    // pod list arrives.
    for (Map.Entry<String, SharedIndexInformer<?>> informer : informers.entrySet()) {
      try {
        informer.getValue().start().toCompletableFuture().get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        close();
        Throwable cause = e;
        while (cause.getCause() != null) {
          cause = cause.getCause();
        }
        throw new IllegalStateException(
            "cannot list and watch " + informer.getKey() + ": " + cause.getMessage(), e);
      }
    }
    log.info(
        "Watching pipeline pods in {}",
        settings.namespace().map(ns -> "namespace " + ns).orElse("all namespaces"));
  }

  /** Stops watching and recording; what was queued but not recorded is recorded on restart. */
  @Override
  public synchronized void close() {
    informers.values().forEach(SharedIndexInformer::close);
    // Closing a watch finishes on the client's threads; let it, so closing the client after this
    // does not cut it short.
    for (SharedIndexInformer<?> informer : informers.values()) {
      try {
        informer.stopped().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.debug("Informer did not report its stop", e);
      }
    }
    informers.clear();
    if (worker != null) {
      worker.interrupt();
      try {
        worker.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      worker = null;
    }
    if (queue != null) {
      queue.close();
    }
  }

  /** Whether every pod reported so far is recorded, or given up; none waits for a retry. */
  public boolean idle() {
    return queue == null || queue.unfinished() == 0;
  }

  private SharedIndexInformer<GenericKubernetesResource> inform(
      FilterWatchListDeletable<GenericKubernetesResource, ?, ?> source,
      Consumer<GenericKubernetesResource> changed,
      Consumer<GenericKubernetesResource> deleted) {
    SharedIndexInformer<GenericKubernetesResource> informer = source.runnableInformer(0);
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(GenericKubernetesResource resource) {
            changed.accept(resource);
          }

          @Override
          public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
            changed.accept(after);
          }

          @Override
          public void onDelete(GenericKubernetesResource resource, boolean finalStateUnknown) {
            deleted.accept(resource);
          }
        });
    return informer;
  }

  private FilterWatchListDeletable<GenericKubernetesResource, ?, ?> resources(
      ResourceDefinitionContext context) {
    var resources = client.genericKubernetesResources(context);
    return settings.namespace().isPresent()
        ? resources.inNamespace(settings.namespace().get()).withLabel(ArgoKeys.WORKFLOW)
        : resources.inAnyNamespace().withLabel(ArgoKeys.WORKFLOW);
  }

  private void report(Pod pod, boolean deleted) {
    try {
      queue.offer(pod.getMetadata().getUid(), new PodEvent(pod, deleted));
      metrics.event();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Pods whose record may change because a workflow or task result did. */
  private void requeue(String index, String key) {
    if (pods == null) {
      return;
    }
    for (Pod pod : pods.getIndexer().byIndex(index, key)) {
      report(pod, false);
    }
  }

  private void work() {
    while (!Thread.currentThread().isInterrupted()) {
      WorkQueue.Item<PodEvent> item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        process(item);
      } finally {
        queue.finished();
      }
    }
  }

  private void process(WorkQueue.Item<PodEvent> item) {
    StepPod step = StepPods.read(item.value().pod(), item.value().deleted());
    if (!step.kind().recorded()) {
      if (recorded.put(item.key(), SKIPPED) == null) {
        metrics.skipped(step.kind());
      }
      queue.done(item);
      return;
    }
    StepRecord record = steps.record(step);
    if (record.equals(recorded.get(item.key()))) {
      queue.done(item);
      return;
    }
    try {
      Recorded result = recorder.record(record);
      if (result.wrote()) {
        metrics.recorded();
      }
      if (result.ended()) {
        step.finished().ifPresent(end -> metrics.lag(Duration.between(end, Instant.now())));
      }
      if (result.settled()) {
        recorded.put(item.key(), record);
        retries.succeeded(item.key());
        queue.done(item);
      } else {
        retry(item, settings.unresolvedRetries(), "an input artifact is not recorded yet");
      }
    } catch (NotLeading e) {
      // Recording stops at once; the next leader lists this pod again.
      queue.retryLater(item, settings.lastRetry());
    } catch (NotYetRecorded e) {
      retry(item, settings.unresolvedRetries(), String.valueOf(e.getMessage()));
    } catch (StatusRuntimeException e) {
      retry(
          item,
          RecordingRetries.allowedAfter(e.getStatus().getCode()),
          String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      log.warn("Cannot record pod {}", step.pod(), e);
      retry(item, RecordingRetries.PERMANENT_ERROR_RETRIES, String.valueOf(e));
    }
  }

  private void retry(WorkQueue.Item<PodEvent> item, int allowed, String why) {
    Optional<Duration> wait = retries.failed(item.key(), allowed);
    if (wait.isEmpty()) {
      metrics.failed();
      log.warn("Gave up recording pod {} after {} attempts: {}", item.key(), allowed + 1, why);
      return;
    }
    metrics.retried();
    log.debug("Recording pod {} again in {} ms: {}", item.key(), wait.get().toMillis(), why);
    queue.retryLater(item, wait.get());
  }

  /** A marker for pods that are not recorded, so they are counted once; never recorded itself. */
  @SuppressWarnings("NullAway")
  private static final StepRecord SKIPPED = new StepRecord(null, null, null, null);

  private static String key(HasMetadata resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }

  private static <V> Map<String, V> lruMap() {
    return new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > REMEMBERED_PODS;
      }
    };
  }
}
