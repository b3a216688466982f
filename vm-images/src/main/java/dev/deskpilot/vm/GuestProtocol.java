package dev.deskpilot.vm;

/**
 * The version of the protocol between the host and the in-guest server. A VM image records the
 * version of the guest server it was built with in its manifest ({@code guest.protocol}), so a
 * host can tell an image whose server speaks another protocol. The guest reports it in
 * {@code /v1/health} ({@code protocol}) and {@link HttpDesktop} refuses any other. Version 2 added
 * the protocol field itself and OSWorld's endpoints.
 */
public final class GuestProtocol {
  /** The protocol version this code speaks; bump it when an endpoint changes incompatibly. */
  public static final int VERSION = 2;

  private GuestProtocol() {}
}
