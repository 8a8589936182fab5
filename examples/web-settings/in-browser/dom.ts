/** The few DOM helpers the page needs; text always goes in as text nodes, never as HTML. */

type Child = Node | string | null | undefined | false;

/**
 * An element with attributes and children.
 *
 * @example
 * list.append(el("li", { class: "problem" }, el("strong", {}, "Warning"), " the server is down"));
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/**
 * The element with this id, typed, or a clear failure when the HTML and the script disagree.
 *
 * @example
 * const form = byId("key-form", HTMLFormElement);
 */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new TypeError(`index.html has no <${type.name}> with id "${id}".`);
  return found;
}
