package dev.deskpilot.agent.provider.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Mutates golden JSON replies for fuzzing: character deletions, insertions and span duplications
 * in the text, and type swaps, deletions and numeric extremes in the tree (string values are also
 * mutated in place, so that text a codec parses further, such as UI-TARS actions, is hit too).
 */
public final class JsonMutator {
  private static final String[] TOKENS = {
    "{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1", "1e309", "0.5", "\\", "\\u0000", "'",
    ")", "(", "<point>", "\n", "99999999999999999999"
  };
  private final Random random;

  public JsonMutator(long seed) {
    random = new Random(seed);
  }

  public String mutate(String golden) {
    String s = golden;
    int ops = 1 + random.nextInt(3);
    for (int i = 0; i < ops; i++) {
      s = switch (random.nextInt(4)) {
        case 0 -> textMutation(s);
        case 1, 2 -> treeMutation(s);
        default -> stringValueMutation(s);
      };
    }
    return s;
  }

  private String textMutation(String s) {
    if (s.isEmpty()) {
      return TOKENS[random.nextInt(TOKENS.length)];
    }
    int at = random.nextInt(s.length());
    return switch (random.nextInt(4)) {
      case 0 -> s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + random.nextInt(8)));
      case 1 -> s.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + s.substring(at);
      case 2 -> s.substring(0, at); // truncated reply
      default -> {
        int end = Math.min(s.length(), at + 1 + random.nextInt(30));
        yield s.substring(0, end) + s.substring(at, end) + s.substring(end);
      }
    };
  }

  private String treeMutation(String s) {
    JsonNode root;
    try {
      root = Fixtures.JSON.readTree(s);
    } catch (Exception e) {
      return textMutation(s);
    }
    if (root == null || !root.isContainerNode()) {
      return textMutation(s);
    }
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    JsonNode parent = containers.get(random.nextInt(containers.size()));
    if (parent.isEmpty()) {
      return root.toString();
    }
    JsonNodeFactory f = JsonNodeFactory.instance;
    JsonNode replacement = switch (random.nextInt(9)) {
      case 0 -> f.nullNode();
      case 1 -> f.textNode("x");
      case 2 -> f.numberNode(random.nextInt(5000) - 1000);
      case 3 -> f.numberNode(random.nextBoolean() ? 1e300 : -0.5);
      case 4 -> f.booleanNode(true);
      case 5 -> f.arrayNode();
      case 6 -> f.objectNode();
      case 7 -> f.numberNode(Long.MAX_VALUE);
      default -> null; // delete
    };
    if (parent instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      String name = names.get(random.nextInt(names.size()));
      if (replacement == null) {
        o.remove(name);
      } else {
        o.set(name, replacement);
      }
    } else {
      ArrayNode a = (ArrayNode) parent;
      int i = random.nextInt(a.size());
      if (replacement == null) {
        a.remove(i);
      } else {
        a.set(i, replacement);
      }
    }
    return root.toString();
  }

  private String stringValueMutation(String s) {
    JsonNode root;
    try {
      root = Fixtures.JSON.readTree(s);
    } catch (Exception e) {
      return textMutation(s);
    }
    if (root == null || !root.isContainerNode()) {
      return textMutation(s);
    }
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    for (int tries = 0; tries < 20; tries++) {
      JsonNode parent = containers.get(random.nextInt(containers.size()));
      if (parent instanceof ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) {
          continue;
        }
        String name = names.get(random.nextInt(names.size()));
        if (o.get(name).isTextual()) {
          o.put(name, textMutation(o.get(name).textValue()));
          return root.toString();
        }
      } else if (parent instanceof ArrayNode a && !a.isEmpty()) {
        int i = random.nextInt(a.size());
        if (a.get(i).isTextual()) {
          a.set(i, JsonNodeFactory.instance.textNode(textMutation(a.get(i).textValue())));
          return root.toString();
        }
      }
    }
    return root.toString();
  }

  private static void collect(JsonNode n, List<JsonNode> out) {
    if (n.isContainerNode()) {
      out.add(n);
      for (JsonNode c : n) {
        collect(c, out);
      }
    }
  }
}
