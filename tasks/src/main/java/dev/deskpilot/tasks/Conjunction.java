package dev.deskpilot.tasks;

/**
 * How the scores of several metrics combine (OSWorld's {@code conj}).
 *
 * <ul>
 *   <li>{@link #AND} (the default): any metric scoring 0 makes the task 0; otherwise the mean.
 *   <li>{@link #OR}: any metric scoring 1 makes the task 1; otherwise the maximum.
 * </ul>
 */
public enum Conjunction {
  AND,
  OR
}
