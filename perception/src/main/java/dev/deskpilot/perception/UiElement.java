package dev.deskpilot.perception;

/**
 * Something on screen a person could act on or read, in image pixels.
 *
 * @param id stable across steps while the element stays (e.g. {@code "e12"})
 * @param role a role guess such as {@code button}, {@code text}, {@code menu_item}
 * @param label the visible or accessible name, may be empty
 * @param box where it is
 */
public record UiElement(String id, String role, String label, Rect box) {}
