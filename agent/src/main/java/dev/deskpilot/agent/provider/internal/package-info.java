/**
 * What the provider adapters share: the retrying HTTP transport, JSON reading that fails with a
 * {@link dev.deskpilot.agent.PolicyException} naming the JSON path, and screenshot scaling with the
 * mapping of model coordinates back to the screen. Not an API: may change with any release.
 */
package dev.deskpilot.agent.provider.internal;
