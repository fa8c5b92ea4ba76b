/**
 * Argo's objects as the watcher reads them: workflows, templates, task results, outputs and
 * artifact locations, across Argo 2.x to 3.6.
 */
package dev.mnemos.watcher.argo;
