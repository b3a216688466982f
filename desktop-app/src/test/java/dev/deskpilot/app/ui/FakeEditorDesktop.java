package dev.deskpilot.app.ui;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.Desktop;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.perception.Screenshot;
import dev.deskpilot.vm.Environment;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake desktop for tests that need no display: a drawn text editor (title "Notes - Editor", a
 * "Save" button, the typed text, "Saved" after ctrl+s) that real OCR reads and real step scripts
 * ground on. Records every performed action.
 */
final class FakeEditorDesktop implements Desktop, Environment {
  static final int W = 1280;
  static final int H = 800;

  final List<Action> performed = new CopyOnWriteArrayList<>();
  final AtomicInteger captures = new AtomicInteger();
  private final StringBuilder text = new StringBuilder();
  private volatile boolean saved;
  private volatile boolean closed;

  @Override
  public Screenshot capture() {
    if (closed) {
      throw new DesktopException(DesktopException.Kind.UNREACHABLE, "fake desktop closed");
    }
    captures.incrementAndGet();
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(new Color(0xe8e8e8));
    g.fillRect(0, 0, W, H);
    g.setColor(Color.WHITE);
    g.fillRect(40, 40, W - 80, H - 80);
    g.setColor(new Color(0xd5dbe6));
    g.fillRect(40, 40, W - 80, 50);
    g.setColor(Color.BLACK);
    g.setFont(new Font("DejaVu Sans", Font.PLAIN, 22));
    g.drawString("Notes - Editor", 70, 74);
    g.setColor(new Color(0xdde3ee));
    g.fillRect(W - 220, 110, 140, 44);
    g.setColor(Color.BLACK);
    g.setFont(new Font("DejaVu Sans", Font.PLAIN, 22));
    g.drawString("Save", W - 178, 140);
    String body;
    synchronized (text) {
      body = text.toString();
    }
    int y = 220;
    for (String line : body.split("\n", -1)) {
      g.drawString(line, 80, y);
      y += 36;
    }
    if (saved) {
      g.setColor(new Color(0x1a7f37));
      g.drawString("Saved", 80, H - 80);
    }
    g.dispose();
    return Screenshot.of(img);
  }

  @Override
  public ActionResult perform(Action action) {
    performed.add(action);
    switch (action) {
      case Action.TypeText t -> {
        synchronized (text) {
          text.append(t.text());
        }
        saved = false;
      }
      case Action.KeyChord k when String.join("+", k.keys()).equalsIgnoreCase("ctrl+s") -> saved = true;
      case Action.Wait w -> {
        try {
          Thread.sleep(w.duration());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return ActionResult.failure("interrupted", 0);
        }
      }
      default -> {}
    }
    return ActionResult.success(1);
  }

  /** Back to an empty, unsaved note (a fresh start for the next run). */
  void clear() {
    synchronized (text) {
      text.setLength(0);
    }
    saved = false;
  }

  String typed() {
    synchronized (text) {
      return text.toString();
    }
  }

  @Override
  public CommandResult run(Command command) {
    return new CommandResult(0, "", "", false);
  }

  @Override
  public void launch(Command command) {}

  @Override
  public byte[] readFile(String path) {
    throw new DesktopException(DesktopException.Kind.NO_SUCH_FILE, "no files on the fake desktop: " + path);
  }

  @Override
  public void writeFile(String path, byte[] content) {}

  @Override
  public Desktop desktop() {
    return this;
  }

  @Override
  public String description() {
    return "fake editor desktop (" + W + "x" + H + ")";
  }

  @Override
  public void close() {
    closed = true;
  }
}
