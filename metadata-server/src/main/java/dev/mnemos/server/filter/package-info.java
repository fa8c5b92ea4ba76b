/**
 * MLMD's {@code filter_query}: parsing ({@code FilterSyntax}, with ZetaSQL's literals) into a
 * sealed expression tree, and compiling it to a jOOQ condition over the node tables with every user
 * value a bound parameter. Depends on {@code schema} and {@code errors}, never on the store that
 * uses it.
 */
package dev.mnemos.server.filter;
