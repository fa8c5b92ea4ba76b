/**
 * The query layer's settings (run and metric types, limits, search polling), shared by its parts.
 */
package dev.mnemos.query.config;
