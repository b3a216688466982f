package dev.deskpilot.actuators.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.HumanControl;
import dev.deskpilot.actuators.RobotExecutor;
import dev.deskpilot.actuators.ScreenLayout;
import dev.deskpilot.actuators.Supervisor;
import dev.deskpilot.perception.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.KeyEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the person's brake on the display this JVM runs on, with the real global hook: a second
 * {@link Robot}, whose events are not announced, plays the person. Prints one JSON object:
 *
 * <ul>
 *   <li>{@code false_takeovers}: pauses or stops during {@code agent_actions} agent actions
 *       (clicks, moves, drags, typing, key chords, scrolls) with nobody touching anything;
 *   <li>{@code killswitch_ms}: from the person pressing the last key of the kill hotkey to the
 *       stop being signalled, while the agent types; and {@code killswitch_action_end_ms}: to the
 *       agent's action returning;
 *   <li>{@code takeover_ms}: from the person moving the pointer to the pause, while the agent
 *       clicks and types.
 * </ul>
 *
 * <p>Usage: {@code HumanControlProbe [actions] [trials]}. Launches an xterm to receive the typing.
 * Needs DISPLAY; exits 1 when the hook cannot be registered.
 */
public final class HumanControlProbe {
  private HumanControlProbe() {}

  public static void main(String[] args) throws Exception {
    int actions = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int trials = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    ObjectNode out = new ObjectMapper().createObjectNode();
    Process xterm = new ProcessBuilder("xterm", "-geometry", "160x50+40+40", "-e", "cat > /dev/null")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    ScreenLayout layout = ScreenLayout.current();
    Rectangle screen = layout.monitors().getFirst().bounds();
    int code = 0;
    try (Supervisor sup = Supervisor.attach(Supervisor.Config.defaults(layout.bounds()));
        RobotExecutor agent = new RobotExecutor(sup, RobotExecutor.Options.defaults())) {
      Robot person = new Robot();
      person.setAutoDelay(0);
      AtomicLong stopAt = new AtomicLong();
      AtomicLong pauseAt = new AtomicLong();
      AtomicInteger pauses = new AtomicInteger();
      AtomicInteger stops = new AtomicInteger();
      List<String> reasons = Collections.synchronizedList(new ArrayList<>());
      sup.addListener(
          new HumanControl.Listener() {
            @Override
            public void stopRequested(String reason) {
              stopAt.compareAndSet(0, System.nanoTime());
              stops.incrementAndGet();
              reasons.add("stop: " + reason);
            }

            @Override
            public void paused(String reason) {
              pauseAt.compareAndSet(0, System.nanoTime());
              pauses.incrementAndGet();
              reasons.add("pause: " + reason);
            }
          });
      waitForXterm(agent, screen);
      Thread.sleep(300); // let the hook start delivering and the pointer settle
      sup.rearm();
      pauses.set(0);
      stops.set(0);
      reasons.clear();

      // 1. Agent actions with nobody touching anything.
      Random r = new Random(42);
      int failed = 0;
      for (int i = 0; i < actions; i++) {
        ActionResult res = agent.perform(randomAction(r, screen, i));
        if (!res.ok()) {
          failed++;
        }
      }
      Thread.sleep(200);
      out.put("agent_actions", actions);
      out.put("agent_actions_failed", failed);
      out.put("false_takeovers", pauses.get() + stops.get());
      ArrayNode falseReasons = out.putArray("false_takeover_reasons");
      reasons.stream().limit(10).forEach(falseReasons::add);

      // 2. Kill switch while the agent types.
      List<Double> kill = new ArrayList<>();
      List<Double> killEnd = new ArrayList<>();
      for (int t = 0; t < trials; t++) {
        sup.rearm();
        stopAt.set(0);
        pauseAt.set(0);
        CompletableFuture<Long> typing =
            CompletableFuture.supplyAsync(
                () -> {
                  agent.perform(new Action.TypeText("kill switch probe text ".repeat(40)));
                  return System.nanoTime();
                });
        Thread.sleep(80 + r.nextInt(60));
        person.keyPress(KeyEvent.VK_CONTROL);
        person.keyPress(KeyEvent.VK_SHIFT);
        long t0 = System.nanoTime();
        person.keyPress(KeyEvent.VK_ESCAPE);
        long ended = typing.get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (stopAt.get() == 0 && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        person.keyRelease(KeyEvent.VK_ESCAPE);
        person.keyRelease(KeyEvent.VK_SHIFT);
        person.keyRelease(KeyEvent.VK_CONTROL);
        if (stopAt.get() != 0) {
          kill.add((stopAt.get() - t0) / 1e6);
          killEnd.add((Math.max(ended, stopAt.get()) - t0) / 1e6);
        }
        Thread.sleep(150);
      }
      out.put("killswitch_trials", trials);
      out.put("killswitch_detected", kill.size());
      out.put("killswitch_p50_ms", p50(kill));
      out.put("killswitch_action_end_p50_ms", p50(killEnd));
      out.set("killswitch_ms", array(out, kill));

      // 3. Takeover while the agent clicks and types.
      List<Double> takeover = new ArrayList<>();
      for (int t = 0; t < trials; t++) {
        sup.rearm();
        pauseAt.set(0);
        CompletableFuture<Void> busy =
            CompletableFuture.runAsync(
                () -> {
                  Random ar = new Random();
                  for (int i = 0; i < 50 && sup.state() == HumanControl.State.RUNNING; i++) {
                    agent.perform(randomAction(ar, screen, i));
                  }
                });
        Thread.sleep(60 + r.nextInt(60));
        int x = screen.x + 100 + r.nextInt(screen.width - 200);
        int y = screen.y + 100 + r.nextInt(screen.height - 200);
        long t0 = System.nanoTime();
        person.mouseMove(x, y);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (pauseAt.get() == 0 && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        if (pauseAt.get() != 0) {
          takeover.add((pauseAt.get() - t0) / 1e6);
        }
        sup.stop("trial over");
        busy.get(10, TimeUnit.SECONDS);
        Thread.sleep(100);
      }
      out.put("takeover_trials", trials);
      out.put("takeover_detected", takeover.size());
      out.put("takeover_detect_p50_ms", p50(takeover));
      out.set("takeover_ms", array(out, takeover));
    } catch (RuntimeException e) {
      out.put("error", String.valueOf(e.getMessage()));
      code = 1;
    } finally {
      xterm.destroy();
    }
    System.out.println(out.toString());
    System.out.flush();
    Runtime.getRuntime().halt(code);
  }

  private static void waitForXterm(RobotExecutor agent, Rectangle screen) throws InterruptedException {
    // The xterm maps within a second or two; typing before it is there only goes to the root window.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      Process p;
      try {
        p = new ProcessBuilder("xdotool", "search", "--onlyvisible", "--class", "xterm")
            .redirectErrorStream(true).start();
        if (p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0) {
          agent.perform(Action.Click.left(new Point(screen.x + 300, screen.y + 200)));
          return;
        }
      } catch (java.io.IOException e) {
        return;
      }
      Thread.sleep(50);
    }
  }

  /** A mix of what agents do, away from the failsafe corners, inside the xterm. */
  static Action randomAction(Random r, Rectangle screen, int i) {
    Point p = new Point(screen.x + 60 + r.nextInt(800), screen.y + 60 + r.nextInt(500));
    return switch (i % 7) {
      case 0 -> Action.Click.left(p);
      case 1 -> new Action.MoveTo(p);
      case 2 -> new Action.TypeText("probe " + i + " ");
      case 3 -> Action.KeyChord.parse("shift+a");
      case 4 -> new Action.Scroll(p, 0, r.nextBoolean() ? 1 : -1);
      case 5 -> new Action.Drag(p, new Point(p.x() + 20, p.y() + 10));
      default -> new Action.Click(p, Action.MouseButton.LEFT, 2);
    };
  }

  private static double p50(List<Double> xs) {
    if (xs.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return Math.round(s.get(s.size() / 2) * 10) / 10.0;
  }

  private static ArrayNode array(ObjectNode parent, List<Double> xs) {
    ArrayNode a = parent.arrayNode();
    xs.forEach(x -> a.add(Math.round(x * 10) / 10.0));
    return a;
  }
}
