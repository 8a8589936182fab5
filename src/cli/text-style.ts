/**
 * Colours for terminal output, or none: on a TTY only, and never with `NO_COLOR` set (https://no-color.org).
 *
 * @example
 * ```ts
 * const style = textStyle({ isTTY: true, env: {} });
 * out.write(`${style.bold("openai")} ${style.green("healthy")}\n`);
 * ```
 */
export interface TextStyle {
  enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

/**
 * Build the {@link TextStyle} for a stream.
 *
 * @example
 * ```ts
 * const style = textStyle({ isTTY: process.stdout.isTTY === true, env: process.env });
 * ```
 */
export function textStyle(input: { isTTY: boolean; env: Record<string, string | undefined> }): TextStyle {
  const noColor = input.env["NO_COLOR"] !== undefined && input.env["NO_COLOR"] !== "";
  const enabled = input.isTTY && !noColor && input.env["TERM"] !== "dumb";
  const wrap = (open: number, close: number) => (text: string) => (enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { enabled, bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39) };
}

const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * The width a string takes on screen: escape codes take none; wide (CJK) characters count as 2 is not attempted —
 * model ids and provider names are ASCII.
 *
 * @example
 * ```ts
 * visibleLength("\u001b[1mopenai\u001b[22m"); // 6
 * ```
 */
export function visibleLength(text: string): number {
  return text.replace(ANSI, "").length;
}
