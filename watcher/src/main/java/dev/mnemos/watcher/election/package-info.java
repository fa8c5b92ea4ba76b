/** Leader election on a Kubernetes Lease: which replica records, and the settings of the lease. */
package dev.mnemos.watcher.election;
