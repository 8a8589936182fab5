import { createMemoryStorage, createWebStorage, type Storage } from "../../../src/index.js";

/** Where the registry keeps its state: the browser's localStorage (kept after a reload) or memory (gone on reload). */
export type StorageChoice = "local" | "memory";

// The page's own preference lives outside the registry's prefix ("model-registry:"), like any host app's data.
const CHOICE_KEY = "in-browser-core:storage";

/**
 * The choice saved by the last visit; localStorage unless the user picked memory.
 *
 * @example
 * const choice = savedStorageChoice(); // "local" on a first visit
 */
export function savedStorageChoice(): StorageChoice {
  try {
    return globalThis.localStorage?.getItem(CHOICE_KEY) === "memory" ? "memory" : "local";
  } catch {
    return "memory"; // site data blocked: localStorage would fail on every write
  }
}

/**
 * Remember the choice for the next visit.
 *
 * @example
 * saveStorageChoice("memory");
 */
export function saveStorageChoice(choice: StorageChoice): void {
  try {
    globalThis.localStorage?.setItem(CHOICE_KEY, choice);
  } catch {
    // Nothing to remember it in; the page still works for this visit.
  }
}

/**
 * The storage the registry gets for a choice.
 *
 * @example
 * createRegistry({ storage: storageFor("local") });
 */
export function storageFor(choice: StorageChoice): Storage {
  return choice === "local" ? createWebStorage() : createMemoryStorage();
}
