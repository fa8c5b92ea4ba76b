/**
 * The MLMD gRPC face of the store: the service that translates each RPC to store calls, and the
 * cross-cutting parts as interceptors and wrappers (strict request checks, answer size limit,
 * metrics, failure log), gRPC-web over the same in-process service.
 */
package dev.mnemos.server.grpc;
