/** Opaque page cursors, shared by every paged answer of the query layer. */
package dev.mnemos.query.paging;
