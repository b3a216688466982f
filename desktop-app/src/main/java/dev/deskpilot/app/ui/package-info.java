/**
 * The Deskpilot desktop app: the JavaFX controller people use to hand over a chore and watch it
 * done. {@link dev.deskpilot.app.ui.AppLauncher#launch(String[])} starts it; {@link
 * dev.deskpilot.app.ui.AppStartupBenchmark} measures its startup. Everything else is
 * package-private: the window and its Run, History and Settings screens, the run session that
 * drives the agent on its own thread, the consent dialog, settings and key storage.
 */
package dev.deskpilot.app.ui;
