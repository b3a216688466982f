package dev.deskpilot.tasks;

import dev.deskpilot.tasks.internal.CommandGetters;
import dev.deskpilot.tasks.internal.FileGetters;
import dev.deskpilot.tasks.internal.GeneralMetrics;
import dev.deskpilot.tasks.internal.TableMetrics;
import dev.deskpilot.tasks.internal.SlideMetrics;
import dev.deskpilot.tasks.internal.DocumentMetrics;
import dev.deskpilot.tasks.internal.ArchiveMetrics;
import dev.deskpilot.tasks.internal.AppGetters;
import dev.deskpilot.tasks.internal.BrowserGetters;
import dev.deskpilot.tasks.internal.BrowserMetrics;
import dev.deskpilot.tasks.internal.ImageMetrics;
import dev.deskpilot.tasks.internal.JsonMetrics;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Metrics and getters by OSWorld name. Immutable; build a new one to add functions:
 * {@code EvaluationRegistry.builtIn().toBuilder().metric("compare_table", myMetric).build()}.
 * {@code infeasible} is not in here: the {@link Evaluator} judges it itself.
 */
public final class EvaluationRegistry {
  private final Map<String, Metric> metrics;
  private final Map<String, Getter> getters;

  private EvaluationRegistry(Map<String, Metric> metrics, Map<String, Getter> getters) {
    this.metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
    this.getters = Collections.unmodifiableMap(new TreeMap<>(getters));
  }

  /** The metrics and getters Deskpilot implements. */
  public static EvaluationRegistry builtIn() {
    EvaluationRegistry base = builtInWithoutArchives();
    // compare_archive scores the files inside with the other built-in metrics
    return base.toBuilder().metric("compare_archive", in -> ArchiveMetrics.compareArchive(in, base)).build();
  }

  private static EvaluationRegistry builtInWithoutArchives() {
    return builder()
        .metric("exact_match", GeneralMetrics::exactMatch)
        .metric("check_include_exclude", GeneralMetrics::checkIncludeExclude)
        .metric("compare_text_file", GeneralMetrics::compareTextFile)
        .metric("compare_table", TableMetrics::compareTable)
        .metric("compare_csv", TableMetrics::compareCsv)
        .metric("compare_pptx_files", SlideMetrics::comparePptxFiles)
        .metric("check_slide_orientation_Portrait", SlideMetrics::checkSlideOrientationPortrait)
        .metric("compare_docx_files", DocumentMetrics::compareDocxFiles)
        .metric("compare_docx_files_and_ignore_new_lines", DocumentMetrics::compareDocxFilesAndIgnoreNewLines)
        .metric("compare_docx_tables", DocumentMetrics::compareDocxTables)
        .metric("compare_pdfs", DocumentMetrics::comparePdfs)
        .metric("check_pdf_pages", DocumentMetrics::checkPdfPages)
        .metric("check_direct_json_object", JsonMetrics::checkDirectJsonObject)
        .metric("check_list", JsonMetrics::checkList)
        .metric("check_config_status", JsonMetrics::checkConfigStatus)
        .metric("check_json_settings", JsonMetrics::checkJsonSettings)
        .metric("is_extension_installed", JsonMetrics::isExtensionInstalled)
        .metric("is_expected_url_pattern_match", BrowserMetrics::isExpectedUrlPatternMatch)
        .metric("is_expected_active_tab", BrowserMetrics::isExpectedActiveTab)
        .metric("is_expected_active_tab_approximate", BrowserMetrics::isExpectedActiveTabApproximate)
        .metric("is_expected_tabs", BrowserMetrics::isExpectedTabs)
        .metric("is_expected_bookmarks", BrowserMetrics::isExpectedBookmarks)
        .metric("is_expected_search_query", BrowserMetrics::isExpectedSearchQuery)
        .metric("compare_images", ImageMetrics::compareImages)
        .metric("check_structure_sim", ImageMetrics::checkStructureSim)
        .getter("vm_file", FileGetters::vmFile)
        .getter("cloud_file", FileGetters::cloudFile)
        .getter("vm_command_line", CommandGetters::vmCommandLine)
        .getter("rule", CommandGetters::rule)
        .getter("cache_file", AppGetters::cacheFile)
        .getter("vlc_config", AppGetters::vlcConfig)
        .getter("gimp_config_file", AppGetters::gimpConfigFile)
        .getter("bookmarks", AppGetters::bookmarks)
        .getter("rule_relativeTime", AppGetters::ruleRelativeTime)
        .getter("active_url_from_accessTree", BrowserGetters::activeUrl)
        .getter("active_tab_url_parse", BrowserGetters::activeTabUrlParse)
        .getter("active_tab_info", BrowserGetters::activeTabInfo)
        .getter("active_tab_html_parse", BrowserGetters::activeTabHtmlParse)
        .getter("open_tabs_info", BrowserGetters::openTabsInfo)
        .build();
  }

  /** An empty registry builder. */
  public static Builder builder() {
    return new Builder(Map.of(), Map.of());
  }

  /** A builder starting from this registry's functions. */
  public Builder toBuilder() {
    return new Builder(metrics, getters);
  }

  public Optional<Metric> metric(String name) {
    return Optional.ofNullable(metrics.get(name));
  }

  public Optional<Getter> getter(String type) {
    return Optional.ofNullable(getters.get(type));
  }

  /** Metric names, sorted. */
  public Set<String> metricNames() {
    return metrics.keySet();
  }

  /** Getter types, sorted. */
  public Set<String> getterNames() {
    return getters.keySet();
  }

  /** Collects functions; a later registration under the same name replaces the earlier one. */
  public static final class Builder {
    private final Map<String, Metric> metrics;
    private final Map<String, Getter> getters;

    private Builder(Map<String, Metric> metrics, Map<String, Getter> getters) {
      this.metrics = new TreeMap<>(metrics);
      this.getters = new TreeMap<>(getters);
    }

    public Builder metric(String name, Metric metric) {
      requireName(name);
      if (name.equals(EvaluatorSpec.INFEASIBLE)) {
        throw new IllegalArgumentException("'infeasible' is judged by the Evaluator itself, not a metric");
      }
      metrics.put(name, java.util.Objects.requireNonNull(metric, "metric"));
      return this;
    }

    public Builder getter(String type, Getter getter) {
      requireName(type);
      getters.put(type, java.util.Objects.requireNonNull(getter, "getter"));
      return this;
    }

    public EvaluationRegistry build() {
      return new EvaluationRegistry(metrics, getters);
    }

    private static void requireName(String name) {
      if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("a metric or getter name is a Python identifier, was '" + name + "'");
      }
    }
  }
}
