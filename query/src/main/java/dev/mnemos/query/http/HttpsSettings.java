package dev.mnemos.query.http;

import javax.net.ssl.SSLContext;

/**
 * HTTPS on the HTTP port.
 *
 * @param context the server's certificates (and the CAs of client certificates), which may change
 *     while it serves
 * @param clientCertificates whether every request but the probes must come with a client
 *     certificate that {@code context} trusts
 */
public record HttpsSettings(SSLContext context, boolean clientCertificates) {}
