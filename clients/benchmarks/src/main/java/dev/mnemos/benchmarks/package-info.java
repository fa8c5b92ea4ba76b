/**
 * Java drivers for the benchmarks and the soak: workloads replayed through the Java client against
 * a running server, timed beside the MLMD library in the same run ({@code clients/benchmarks}).
 */
package dev.mnemos.benchmarks;
