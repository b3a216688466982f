package dev.deskpilot.tasks.internal;

import static dev.deskpilot.tasks.internal.JsonFields.child;
import static dev.deskpilot.tasks.internal.JsonFields.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.actuators.Shlex;
import dev.deskpilot.tasks.CommandLine;
import dev.deskpilot.tasks.Conjunction;
import dev.deskpilot.tasks.DeskpilotSpec;
import dev.deskpilot.tasks.EvaluatorSpec;
import dev.deskpilot.tasks.GetterSpec;
import dev.deskpilot.tasks.MetricCall;
import dev.deskpilot.tasks.SetupStep;
import dev.deskpilot.tasks.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Checks a parsed task object and builds a {@link Task}; every problem names its JSON pointer. */
public final class TaskParser {
  private final JsonFields f;

  public TaskParser(Path file) {
    this.f = new JsonFields(file);
  }

  public Task task(JsonNode root, String domain) {
    ObjectNode o = f.object(root, "");
    String id = f.string(o, "id", "", true);
    requireSegment(id, "/id");
    String instruction = f.string(o, "instruction", "", false);
    List<SetupStep> config = o.has("config") ? steps(o.get("config"), "/config") : List.of();
    if (!o.has("evaluator")) {
      throw f.error("/evaluator", "missing; expected an object with at least \"func\"");
    }
    EvaluatorSpec evaluator = evaluator(o.get("evaluator"), "/evaluator");
    Optional<DeskpilotSpec> deskpilot =
        o.has("deskpilot") ? Optional.of(deskpilot(o.get("deskpilot"), "/deskpilot")) : Optional.empty();
    return new Task(id, instruction, domain, config, evaluator, o, f.file(), deskpilot);
  }

  /** A results folder is named after the id, so it must be one path segment. */
  private void requireSegment(String id, String pointer) {
    if (id.contains("/") || id.contains("\\") || id.equals(".") || id.equals("..") || id.indexOf('\0') >= 0) {
      throw f.error(pointer, "'" + id + "' cannot name a folder; use letters, digits, '-', '_' or '.'");
    }
  }

  public List<SetupStep> steps(JsonNode node, String pointer) {
    ArrayNode a = f.array(node, pointer);
    List<SetupStep> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      out.add(step(a.get(i), child(pointer, i)));
    }
    return out;
  }

  public SetupStep step(JsonNode node, String pointer) {
    ObjectNode o = f.object(node, pointer);
    String type = f.string(o, "type", pointer, true);
    String pp = child(pointer, "parameters");
    if (!o.has("parameters")) {
      throw f.error(pp, "missing; expected an object (may be {})");
    }
    ObjectNode params = f.object(o.get("parameters"), pp);
    return switch (type) {
      case "execute", "command" -> {
        f.onlyFields(params, pp, Set.of("command", "shell", "stdout", "stderr", "until"));
        CommandLine command = command(params, pp, true);
        Optional<String> stdout = f.optString(params, "stdout", pp).filter(s -> !s.isEmpty());
        Optional<String> stderr = f.optString(params, "stderr", pp).filter(s -> !s.isEmpty());
        stdout.ifPresent(s -> fileName(s, child(pp, "stdout")));
        stderr.ifPresent(s -> fileName(s, child(pp, "stderr")));
        Optional<SetupStep.Until> until =
            params.hasNonNull("until") ? until(params.get("until"), child(pp, "until")) : Optional.empty();
        yield new SetupStep.Execute(type, command, stdout, stderr, until, params);
      }
      case "launch" -> {
        f.onlyFields(params, pp, Set.of("command", "shell"));
        yield new SetupStep.Launch(command(params, pp, false), params);
      }
      case "sleep" -> {
        f.onlyFields(params, pp, Set.of("seconds"));
        String sp = child(pp, "seconds");
        if (!params.has("seconds")) {
          throw f.error(sp, "missing; expected a number of seconds >= 0");
        }
        double seconds = f.number(params.get("seconds"), sp);
        if (seconds < 0 || seconds > 24 * 3600) {
          throw f.error(sp, "expected a number of seconds from 0 to 86400, found " + params.get("seconds"));
        }
        yield new SetupStep.Sleep(Duration.ofNanos(Math.round(seconds * 1e9)), params);
      }
      default -> new SetupStep.Other(type, params);
    };
  }

  private CommandLine command(ObjectNode params, String pointer, boolean shlexSplit) {
    String cp = child(pointer, "command");
    JsonNode c = params.get("command");
    boolean shell = f.flag(params, "shell", pointer, false);
    if (c == null) {
      throw f.error(cp, "missing; expected a string or a list of strings");
    }
    if (c.isTextual()) {
      String line = c.asText();
      if (line.isBlank()) {
        throw f.error(cp, "expected a non-empty command");
      }
      if (shlexSplit && !shell) {
        try {
          if (Shlex.split(line).isEmpty()) {
            throw f.error(cp, "expected a non-empty command");
          }
        } catch (IllegalArgumentException e) {
          throw f.error(cp, "cannot split into words (" + e.getMessage() + "); fix the quoting or set \"shell\": true");
        }
      }
      return CommandLine.ofString(line, shell);
    }
    if (c.isArray()) {
      List<String> argv = f.strings(c, cp);
      if (argv.isEmpty() || argv.getFirst().isBlank()) {
        throw f.error(cp, "expected a non-empty list whose first item names the program");
      }
      return CommandLine.ofList(argv, shell);
    }
    throw f.error(cp, "expected a string or a list of strings, found " + describe(c));
  }

  private Optional<SetupStep.Until> until(JsonNode node, String pointer) {
    ObjectNode o = f.object(node, pointer);
    f.onlyFields(o, pointer, Set.of("returncode", "stdout", "stderr"));
    if (o.isEmpty()) {
      return Optional.empty();
    }
    OptionalInt rc =
        o.hasNonNull("returncode")
            ? OptionalInt.of((int) f.integer(o.get("returncode"), child(pointer, "returncode")))
            : OptionalInt.empty();
    return Optional.of(
        new SetupStep.Until(rc, f.optString(o, "stdout", pointer), f.optString(o, "stderr", pointer)));
  }

  /** A plain file name inside the work directory. */
  private void fileName(String name, String pointer) {
    if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
      throw f.error(pointer, "expected a plain file name (no '/', not '..'), found '" + name + "'");
    }
  }

  public EvaluatorSpec evaluator(JsonNode node, String pointer) {
    ObjectNode o = f.object(node, pointer);
    String fp = child(pointer, "func");
    JsonNode func = o.get("func");
    if (func == null) {
      throw f.error(fp, "missing; expected a metric name or a list of metric names");
    }
    Conjunction conj = Conjunction.AND;
    if (o.hasNonNull("conj")) {
      String c = f.string(o.get("conj"), child(pointer, "conj"), true);
      conj =
          switch (c) {
            case "and" -> Conjunction.AND;
            case "or" -> Conjunction.OR;
            default -> throw f.error(child(pointer, "conj"), "expected \"and\" or \"or\", found \"" + c + "\"");
          };
    }
    List<SetupStep> postconfig =
        o.hasNonNull("postconfig") ? steps(o.get("postconfig"), child(pointer, "postconfig")) : List.of();
    List<MetricCall> calls = new ArrayList<>();
    boolean list;
    if (func.isTextual()) {
      list = false;
      String name = f.string(func, fp, true);
      boolean infeasible = name.equals(EvaluatorSpec.INFEASIBLE);
      Optional<GetterSpec> result = optionalGetter(o, "result", pointer);
      if (result.isEmpty() && !infeasible) {
        throw f.error(child(pointer, "result"), "missing; expected a getter object like {\"type\": \"vm_file\", ...}");
      }
      Optional<GetterSpec> expected = optionalGetter(o, "expected", pointer);
      String op = child(pointer, "options");
      ObjectNode options =
          o.hasNonNull("options") ? f.object(o.get("options"), op) : JsonNodeFactory.instance.objectNode();
      calls.add(new MetricCall(name, result, expected, options, fp, op));
    } else if (func.isArray()) {
      list = true;
      List<String> names = f.strings(func, fp);
      int n = names.size();
      if (n == 0) {
        throw f.error(fp, "expected at least one metric name");
      }
      for (int i = 0; i < n; i++) {
        if (names.get(i).isBlank()) {
          throw f.error(child(fp, i), "expected a non-empty metric name");
        }
        if (names.get(i).equals(EvaluatorSpec.INFEASIBLE)) {
          throw f.error(child(fp, i), "\"infeasible\" must be the only func (\"func\": \"infeasible\")");
        }
      }
      String rp = child(pointer, "result");
      if (!o.hasNonNull("result")) {
        throw f.error(rp, "missing; expected a list of " + n + " getter objects, one per func");
      }
      ArrayNode results = sized(o.get("result"), rp, n, "getter objects");
      ArrayNode expecteds =
          o.hasNonNull("expected") ? sized(o.get("expected"), child(pointer, "expected"), n, "getter objects or nulls") : null;
      ArrayNode optionses =
          o.hasNonNull("options") ? sized(o.get("options"), child(pointer, "options"), n, "options objects or nulls") : null;
      for (int i = 0; i < n; i++) {
        GetterSpec result = getter(results.get(i), child(rp, i));
        Optional<GetterSpec> expected = Optional.empty();
        if (expecteds != null && !expecteds.get(i).isNull()) {
          expected = Optional.of(getter(expecteds.get(i), child(child(pointer, "expected"), i)));
        }
        String op = child(child(pointer, "options"), i);
        ObjectNode options = JsonNodeFactory.instance.objectNode();
        if (optionses != null && !optionses.get(i).isNull()) {
          options = f.object(optionses.get(i), op);
        }
        calls.add(new MetricCall(names.get(i), Optional.of(result), expected, options, child(fp, i), op));
      }
    } else {
      throw f.error(fp, "expected a metric name or a list of metric names, found " + describe(func));
    }
    return new EvaluatorSpec(calls, list, conj, postconfig, o);
  }

  private ArrayNode sized(JsonNode node, String pointer, int n, String what) {
    if (node == null || !node.isArray()) {
      throw f.error(pointer, "expected a list of " + n + " " + what + " (one per func), found " + describe(node));
    }
    if (node.size() != n) {
      throw f.error(pointer, "expected " + n + " items (one per func), found " + node.size());
    }
    return (ArrayNode) node;
  }

  /** OSWorld treats a missing, null or empty getter object as "no getter". */
  private Optional<GetterSpec> optionalGetter(ObjectNode o, String field, String pointer) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull() || (n.isObject() && n.isEmpty())) {
      return Optional.empty();
    }
    return Optional.of(getter(n, child(pointer, field)));
  }

  private GetterSpec getter(JsonNode node, String pointer) {
    if (node == null || !node.isObject()) {
      throw f.error(pointer, "expected a getter object like {\"type\": \"vm_file\", ...}, found " + describe(node));
    }
    ObjectNode o = (ObjectNode) node;
    return new GetterSpec(f.string(o, "type", pointer, true), o, pointer);
  }

  private DeskpilotSpec deskpilot(JsonNode node, String pointer) {
    ObjectNode o = f.object(node, pointer);
    f.onlyFields(o, pointer, Set.of("script", "max_steps", "timeout_s"));
    List<String> script = o.hasNonNull("script") ? f.strings(o.get("script"), child(pointer, "script")) : List.of();
    OptionalInt maxSteps = OptionalInt.empty();
    if (o.hasNonNull("max_steps")) {
      String mp = child(pointer, "max_steps");
      long m = f.integer(o.get("max_steps"), mp);
      if (m < 1 || m > 100_000) {
        throw f.error(mp, "expected an integer from 1 to 100000, found " + m);
      }
      maxSteps = OptionalInt.of((int) m);
    }
    Optional<Duration> timeout = Optional.empty();
    if (o.hasNonNull("timeout_s")) {
      String tp = child(pointer, "timeout_s");
      double t = f.number(o.get("timeout_s"), tp);
      if (t <= 0 || t > 7 * 24 * 3600) {
        throw f.error(tp, "expected a number of seconds > 0 (at most a week), found " + o.get("timeout_s"));
      }
      timeout = Optional.of(Duration.ofMillis(Math.round(t * 1000)));
    }
    return new DeskpilotSpec(script, maxSteps, timeout);
  }
}
