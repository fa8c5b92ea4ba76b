/** Run history and metric aggregation, read from the summary tables. */
package dev.mnemos.query.runs;
