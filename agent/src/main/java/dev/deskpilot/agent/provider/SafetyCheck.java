package dev.deskpilot.agent.provider;

/**
 * A safety check a model API raised on an action it proposed (OpenAI's {@code
 * pending_safety_checks}); a person must approve it before the action runs.
 *
 * @param id the provider's id, echoed back when acknowledged
 * @param code e.g. {@code malicious_instructions}, {@code irrelevant_domain}, {@code
 *     sensitive_domain}; may be empty
 * @param message the provider's explanation for a person; may be empty
 */
public record SafetyCheck(String id, String code, String message) {
  public SafetyCheck {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("a safety check needs an id");
    }
    code = code == null ? "" : code;
    message = message == null ? "" : message;
  }
}
