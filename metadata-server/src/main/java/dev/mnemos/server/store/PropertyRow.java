package dev.mnemos.server.store;

import org.jspecify.annotations.Nullable;

/**
 * One row of an `*Property` table in MLMD's encoding: exactly one value column is set. Structs live
 * in {@code stringValue} behind {@link PropertyCodec#STRUCT_PREFIX}; `Any` values live in {@code
 * protoValue} as base64 text.
 */
record PropertyRow(
    String name,
    boolean custom,
    @Nullable Long intValue,
    @Nullable Double doubleValue,
    @Nullable String stringValue,
    @Nullable String protoValue,
    @Nullable Boolean boolValue) {}
