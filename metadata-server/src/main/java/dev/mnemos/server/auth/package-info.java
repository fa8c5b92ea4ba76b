/**
 * Who calls: {@link dev.mnemos.server.auth.Caller}, and how a request's credentials become one
 * ({@link dev.mnemos.server.auth.RequestAuthenticator}), the same for gRPC and HTTP. Protocol
 * adapters collect {@link dev.mnemos.server.auth.Credentials}; where tokens are checked (the
 * Kubernetes API) is plugged in as a {@link dev.mnemos.server.auth.TokenReviewer}.
 */
package dev.mnemos.server.auth;
