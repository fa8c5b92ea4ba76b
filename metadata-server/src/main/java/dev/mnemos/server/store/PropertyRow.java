package dev.mnemos.server.store;

/**
 * One row of an `*Property` table in MLMD's encoding: exactly one value column is set. Structs live
 * in {@code stringValue} behind {@link PropertyCodec#STRUCT_PREFIX}; `Any` values live in {@code
 * protoValue} as base64 text.
 */
record PropertyRow(
    String name,
    boolean custom,
    Long intValue,
    Double doubleValue,
    String stringValue,
    String protoValue,
    Boolean boolValue) {}
