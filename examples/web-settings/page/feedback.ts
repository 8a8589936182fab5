// Tells sighted and screen-reader users the same thing: a live region for short news, and inline error boxes that
// keep the registry's recovery text next to its message.
import { ApiError } from "./api.js";
import { h } from "./dom.js";

/**
 * Reads a short message out through the page's polite live region.
 *
 * @example
 * announce("Key saved; acme is healthy.");
 */
export function announce(message: string): void {
  const region = document.getElementById("announcer");
  if (region) region.textContent = message;
}

/**
 * An inline error with what to do about it.
 *
 * @example
 * box.append(errorBox(error));
 */
export function errorBox(error: unknown): HTMLElement {
  const message = error instanceof Error ? error.message : "Something went wrong.";
  const recovery = error instanceof ApiError ? error.recovery : null;
  return h("p", { class: "error", role: "alert" }, message, recovery ? h("br") : null, recovery ? `What to do: ${recovery}` : null);
}
