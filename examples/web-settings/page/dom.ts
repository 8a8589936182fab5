// A tiny element builder: the page is plain DOM, and text is always set as text (never parsed as HTML).

/** Attributes and properties `h()` understands. */
export type Props = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

/** A child: an element, text, or nothing. */
export type Child = Node | string | number | null | undefined | false;

/**
 * Creates an element. Keys starting with `on` add listeners; `true` sets a boolean attribute; `null`, `undefined`
 * and `false` leave it out.
 *
 * @example
 * h("button", { type: "button", onclick: () => save() }, "Save");
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Array<Child | Child[]>): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, "");
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "number" ? String(child) : child);
  }
  return el;
}

/**
 * Replaces an element's content.
 *
 * @example
 * fill(list, ...rows);
 */
export function fill(el: Element, ...children: Array<Child | Child[]>): void {
  el.replaceChildren();
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "number" ? String(child) : child);
  }
}

let counter = 0;

/**
 * A unique element id, for pairing labels with fields.
 *
 * @example
 * const id = uid("key"); // "key-1"
 */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}
