/**
 * The errors the store answers with: {@link dev.mnemos.server.errors.StoreException} carrying an
 * MLMD status ({@link dev.mnemos.server.errors.ErrorCode}), and the bounded excerpt of input a
 * message may quote. A leaf: every other server package may use it.
 */
package dev.mnemos.server.errors;
