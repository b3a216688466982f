package dev.deskpilot.actuators;

/** How a command ended; {@code exitCode} is -1 when it was killed on timeout. */
public record CommandResult(int exitCode, String stdout, String stderr, boolean timedOut) {}
