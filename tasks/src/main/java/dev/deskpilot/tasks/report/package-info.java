/**
 * The HTML report of results folders in OSWorld's layout: {@link dev.deskpilot.tasks.report.HtmlReport}
 * writes one self-contained page with scores overall, per domain and over runs, failure categories,
 * a per-task comparison with another results folder, and each task's steps as a timeline of
 * screenshots with the actions drawn on them. Everything else in the package is package-private.
 */
package dev.deskpilot.tasks.report;
