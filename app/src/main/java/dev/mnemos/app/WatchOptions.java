package dev.mnemos.app;

import dev.mnemos.watcher.WatcherSettings;
import dev.mnemos.watcher.argo.S3Location;
import dev.mnemos.watcher.election.LeaseSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.Option;

/**
 * How the pod watcher runs. The cluster comes from the usual places: KUBECONFIG or ~/.kube/config,
 * or the service account when running in a pod.
 */
final class WatchOptions {

  @Option(
      names = "--watch_namespace",
      description = "Namespace whose pipeline pods are recorded (default: all namespaces).")
  String namespace;

  @Option(
      names = "--artifact_endpoint",
      defaultValue = "minio-service.kubeflow:9000",
      description =
          "S3 endpoint for key-only Argo artifacts when the workflow names none (default"
              + " ${DEFAULT-VALUE}).")
  String artifactEndpoint;

  @Option(
      names = "--artifact_bucket",
      defaultValue = "mlpipeline",
      description =
          "Bucket for key-only Argo artifacts when the workflow names none (default"
              + " ${DEFAULT-VALUE}).")
  String artifactBucket;

  @Option(
      names = "--leader_election_namespace",
      description =
          "Namespace of a Lease that elects one recording replica (default: no election).")
  String leaseNamespace;

  @Option(
      names = "--leader_election_lease",
      defaultValue = "mnemos-watcher",
      description = "Name of that Lease (default ${DEFAULT-VALUE}).")
  String leaseName;

  WatcherSettings settings() {
    WatcherSettings settings =
        WatcherSettings.defaults()
            .withRepository(new S3Location(artifactEndpoint, artifactBucket, ""));
    if (namespace != null && !namespace.isBlank()) {
      settings = settings.inNamespace(namespace);
    }
    if (leaseNamespace != null && !leaseNamespace.isBlank()) {
      settings =
          settings.withLeaderElection(LeaseSettings.of(leaseNamespace, leaseName, identity()));
    }
    return settings;
  }

  /** This replica's name in the lease: the pod's name in a cluster. */
  private static String identity() {
    String hostname = System.getenv("HOSTNAME");
    if (hostname != null && !hostname.isBlank()) {
      return hostname;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "mnemos-" + ProcessHandle.current().pid();
    }
  }
}
