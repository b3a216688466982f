package dev.deskpilot.app.ui;

import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.Desktop;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.actuators.HumanControl;
import dev.deskpilot.actuators.Supervisor;
import dev.deskpilot.agent.Agent;
import dev.deskpilot.agent.Outcome;
import dev.deskpilot.agent.Policy;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.StepListener;
import dev.deskpilot.agent.control.ConsentHandler;
import dev.deskpilot.agent.control.RunControl;
import dev.deskpilot.agent.control.SafetyGate;
import dev.deskpilot.agent.provider.ImageBudget;
import dev.deskpilot.agent.provider.ProviderConfig;
import dev.deskpilot.agent.provider.ProviderPolicy;
import dev.deskpilot.agent.provider.Providers;
import dev.deskpilot.agent.provider.SafetyCheckHandler;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.agent.script.StepScript;
import dev.deskpilot.agent.script.StepScriptPolicy;
import dev.deskpilot.perception.Grounder;
import dev.deskpilot.perception.FrameReader;
import dev.deskpilot.perception.Screenshot;
import dev.deskpilot.tasks.RunDirectory;
import dev.deskpilot.tasks.RunPath;
import dev.deskpilot.tasks.RunRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;

/**
 * One run started from the app, on a thread of its own (never the JavaFX thread): prepares the
 * target, builds the policy, records the run under {@code <results>/app/screenshot/<model>/<target>/<id>/}
 * (OSWorld's layout, through {@link RunDirectory} and {@link RunRecorder}) and drives the {@link
 * Agent} under a {@link RunSupervision}. Control methods are safe from any thread.
 */
final class RunSession {
  static final String ACTION_SPACE = "app";
  static final String OBSERVATION = "screenshot";
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

  /** What the session needs from the app around it. */
  record Services(
      Workspace workspace,
      Path resultsRoot,
      Map<String, String> environment,
      SafetyGate gate,
      ConsentHandler consent,
      SafetyCheckHandler safetyChecks,
      AppSettings settings,
      AppContext.InputHook inputHook,
      Runnable cancelQuestions) {}

  /** The takeover banner's first words. */
  static final String TOOK_OVER = "You took over — paused";
  /** The status while the agent holds before its next step in a pause. */
  static final String WAITING_FOR_YOU = "Paused: waiting for you to resume";

  private final RunRequest request;
  private final Services services;
  private final RunEvents events;
  private final RunControl control = new RunControl();
  private volatile Agent agent;
  private volatile Thread thread;
  private volatile Path runDir;
  /** The person's brake on this run (the global hook), once attached. */
  private volatile Supervisor hand;

  RunSession(RunRequest request, Services services, RunEvents events) {
    this.request = request;
    this.services = services;
    this.events = events;
  }

  RunRequest request() {
    return request;
  }

  /** Starts the run's thread. */
  synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("this run has already started");
    }
    thread = Thread.ofPlatform().name("deskpilot-agent").daemon(true).start(this::body);
  }

  /** Waits for the run's thread to end (tests, app shutdown). */
  boolean join(java.time.Duration timeout) throws InterruptedException {
    Thread t = thread;
    return t == null || t.join(timeout);
  }

  boolean isRunning() {
    Thread t = thread;
    return t != null && t.isAlive();
  }

  void pause(String reason, boolean takeover) {
    control.pause(reason);
    events.paused(reason, takeover);
  }

  /** Resumes after a pause of the app's or a takeover (the brake lets go too). */
  void resume() {
    control.resume();
    Supervisor h = hand;
    if (h != null) {
      h.resume();
    }
    events.resumed();
  }

  boolean isPaused() {
    return control.isPaused();
  }

  /** Queues a message for the policy's next decision. */
  void steer(String message) {
    control.steer(message);
  }

  /** Stops the run before its next action; open consent questions are answered Deny. Any thread. */
  void stop(String reason) {
    control.stop(reason);
    Supervisor h = hand;
    if (h != null) {
      h.stop(reason); // lets an action waiting on a takeover end
    }
    Agent a = agent;
    if (a != null) {
      a.stop(reason);
    }
    services.cancelQuestions().run();
  }

  Optional<Path> runDir() {
    return Optional.ofNullable(runDir);
  }

  private void body() {
    Policy policy = null;
    Desktop local = null;
    services.workspace().runActive(true);
    try {
      Supervisor h = attachHand();
      hand = h;
      h.addListener(new HandListener(request.target() == Target.THIS_DESKTOP));
      if (request.target() == Target.SANDBOX) {
        events.status(services.workspace().sandboxDescription().isPresent() ? "Using the sandbox" : "Starting the sandbox");
      } else {
        events.status("Preparing " + request.target().label().toLowerCase(Locale.ROOT));
      }
      Desktop desktop = services.workspace().desktop(request.target(), h);
      if (request.target() == Target.THIS_DESKTOP) {
        local = desktop;
      }
      if (!request.openFirst().isEmpty()) {
        events.status("Opening " + request.openFirst());
        desktop.launch(Command.shell(request.openFirst()));
      }
      policy = policy(desktop);
      events.status("Starting the OCR engine");
      FrameReader reader = services.workspace().reader();
      Instant started = Instant.now();
      String id = ID_TIME.format(started.atZone(ZoneId.systemDefault())) + "-" + slug(request);
      RunDirectory dir = RunDirectory.start(services.resultsRoot(),
          new RunPath(ACTION_SPACE, OBSERVATION, request.model().pathSegment(), request.target().domain(), id));
      runDir = dir.dir();
      AppRunFile info = new AppRunFile(request.instruction(), request.model().id(), request.target().label(),
          request.model().isStepScript() ? request.script() : "", started.toString(), "RUNNING", "", 0, 0, 0);
      info.write(dir.dir());
      dir.log("app run: " + request.model().id() + " on " + request.target().label());
      RunSupervision supervisor = new RunSupervision(control, services.gate(), services.consent(), events, request.previewDelay(),
          this::stop);
      RunRecorder recorder = new RunRecorder(dir, () -> Optional.of(desktop.capture()));
      Listener listener = new Listener(dir, recorder, policy, info);
      // The loop itself pauses between actions and stops on the person's word (RunControl);
      // the supervisor's wrappers add the preview, consent and masking around desktop and policy.
      Agent a = Agent.builder(supervisor.desktop(desktop), reader, supervisor.policy(policy))
          .limits(new Agent.Limits(request.maxSteps(), request.timeout()))
          .listener(listener)
          .control(control)
          .build();
      agent = a;
      if (control.isStopped()) {
        a.stop(control.stopReason());
      }
      String instruction = request.instruction().isEmpty() ? "Play the step script." : request.instruction();
      a.run(instruction);
    } catch (RuntimeException | IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      events.failedToStart(why);
    } catch (Error e) {
      events.failedToStart("internal error: " + e);
      throw e;
    } finally {
      Supervisor h = hand;
      if (h != null) {
        h.close();
      }
      if (local != null) {
        try {
          local.close();
        } catch (RuntimeException e) {
          events.warning("Could not release this desktop's keys: " + e.getMessage());
        }
      }
      services.workspace().runActive(false);
      if (policy instanceof ProviderPolicy pp) {
        pp.close();
      }
    }
  }

  /**
   * The global hook for this run. This desktop is never driven without one (the person must be
   * able to stop it from anywhere); a sandbox run without one goes on with the window's Stop, and
   * says so.
   */
  private Supervisor attachHand() {
    boolean thisDesktop = request.target() == Target.THIS_DESKTOP;
    String chord = AppSettings.displayChord(services.settings().killSwitch());
    Supervisor h;
    try {
      h = services.inputHook().attach(services.settings().killSwitch(), thisDesktop);
    } catch (DesktopException e) {
      if (thisDesktop) {
        throw new IllegalStateException("this desktop is only driven with the global kill switch " + chord
            + " armed, and it cannot be: " + e.getMessage(), e);
      }
      events.warning("No global kill switch for this run (" + e.getMessage() + "). Stop and " + chord
          + " inside the window still work.");
      return Supervisor.unattended();
    }
    if (thisDesktop && !h.attended()) {
      h.close();
      throw new IllegalStateException("this desktop is only driven with the global kill switch " + chord
          + " armed, and no input hook watches this display");
    }
    return h;
  }

  /**
   * What the person's hand on the real keyboard and mouse does: the kill switch stops any run; on
   * this desktop, input that is not the agent's own pauses the run (takeover) and the resume chord
   * resumes it. A sandbox is not disturbed by the person using their own desktop, so there only the
   * kill switch counts.
   */
  private final class HandListener implements HumanControl.Listener {
    private final boolean thisDesktop;

    HandListener(boolean thisDesktop) {
      this.thisDesktop = thisDesktop;
    }

    @Override
    public void stopRequested(String reason) {
      boolean already = control.isStopped();
      stop(reason);
      if (!already) {
        events.stopRequested(reason);
      }
    }

    @Override
    public void paused(String reason) {
      if (thisDesktop && !control.isStopped()) {
        control.pause(reason);
        events.paused(reason.replaceFirst("^a person took over: ", ""), true);
      }
    }

    @Override
    public void resumed() {
      if (thisDesktop && control.isPaused() && !control.isStopped()) {
        control.resume();
        events.resumed();
      }
    }
  }

  private Policy policy(Desktop desktop) {
    ModelChoice m = request.model();
    if (m.isStepScript()) {
      StepScript script = StepScript.parse(request.script().lines().toList());
      if (script.steps().isEmpty()) {
        throw new IllegalArgumentException("the step script has no steps");
      }
      return new StepScriptPolicy(script, new Grounder());
    }
    ProviderConfig.Builder config = ProviderConfig.builder().safetyChecks(services.safetyChecks());
    double scale = services.settings().screenshotScale();
    if (scale < 1.0) {
      Screenshot probe = desktop.capture();
      int w = (int) Math.max(28, Math.round(probe.width() * scale));
      int h = (int) Math.max(28, Math.round(probe.height() * scale));
      config.imageBudget(new ImageBudget(Math.max(w, h), (long) w * h));
    }
    return Providers.create(m.spec().orElseThrow(), config.build(), services.environment());
  }

  private static String slug(RunRequest r) {
    String base = r.instruction().isEmpty() ? "script" : r.instruction();
    String s = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    if (s.length() > 32) {
      s = s.substring(0, 32).replaceAll("-+$", "");
    }
    return s.isEmpty() ? "run" : s;
  }

  /** Records each step, tells the app, and closes the run's files with the outcome. */
  private final class Listener implements StepListener {
    private final RunDirectory dir;
    private final RunRecorder recorder;
    private final Policy policy;
    private final AppRunFile info;
    private boolean first = true;

    Listener(RunDirectory dir, RunRecorder recorder, Policy policy, AppRunFile info) {
      this.dir = dir;
      this.recorder = recorder;
      this.policy = policy;
      this.info = info;
    }

    @Override
    public void onStep(Step step) {
      try {
        if (first && step.screenshot() != null) {
          ImageIO.write(step.screenshot().image(), "png", dir.dir().resolve("initial.png").toFile());
        }
        first = false;
        recorder.onStep(step);
      } catch (IOException | UncheckedIOException e) {
        events.status("Could not record step " + step.index() + ": " + e.getMessage());
      }
      events.step(step);
      if (policy instanceof ProviderPolicy pp) {
        Usage u = pp.totalUsage();
        AppSettings.Price price = services.settings().prices().get(pp.spec().toString());
        events.usage(u, price == null ? OptionalDouble.empty() : OptionalDouble.of(price.cost(u.inputTokens(), u.outputTokens())));
      }
    }

    @Override
    public void onPause(String reason) {
      events.status(WAITING_FOR_YOU);
    }

    @Override
    public void onOutcome(Outcome outcome) {
      Usage u = policy instanceof ProviderPolicy pp ? pp.totalUsage() : Usage.ZERO;
      try {
        recorder.onOutcome(outcome);
        if (outcome.status() == Outcome.Status.ERROR) {
          dir.fail(outcome.reason());
        }
        info.ended(outcome.status().name(), outcome.reason(), outcome.steps(), u.inputTokens(), u.outputTokens()).write(dir.dir());
      } catch (IOException | UncheckedIOException e) {
        events.status("Could not record the outcome: " + e.getMessage());
      }
      events.outcome(outcome, dir.dir());
    }
  }
}
