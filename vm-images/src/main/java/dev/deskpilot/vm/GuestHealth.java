package dev.deskpilot.vm;

/**
 * What a guest's {@code /v1/health} reported: the X display it drives and the screen's size.
 *
 * @param display the display name, e.g. {@code ":3"}
 */
public record GuestHealth(String display, int width, int height) {}
