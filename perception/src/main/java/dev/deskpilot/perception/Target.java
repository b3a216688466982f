package dev.deskpilot.perception;

/**
 * Something to find on screen, resolved by {@link Grounder#ground(Observation, Target)} to a click
 * point: text ({@link TextTarget}), an element by role and label ({@link ElementTarget}), an
 * element next to another ({@link RelativeTarget}), an element by its id ({@link IdTarget}), or an
 * image ({@link ImageTarget}).
 */
public sealed interface Target permits TextTarget, ElementTarget, RelativeTarget, IdTarget, ImageTarget {}
