/**
 * A plugin that ships inside this package instead of in a package.json: it declares no providers of its own but gates
 * built-in ones (their sign-in), like Mayros' bundled auth plugins.
 *
 * @example
 * ```ts
 * const p: BundledPlugin = { name: "qwen-portal-auth", providers: ["qwen-portal"], enabledByDefault: false, description: "Qwen OAuth" };
 * ```
 */
export interface BundledPlugin {
  name: string;
  /** Built-in provider ids (src/refs/builtin-providers.ts) that are offered only while the plugin is enabled. */
  providers: readonly string[];
  enabledByDefault: boolean;
  description: string;
}

/**
 * The bundled auth plugins of the Mayros provider doc (seed 001, "Google Vertex, Antigravity, and Gemini CLI" and
 * "Qwen OAuth (free tier)"): each ships disabled by default ("mayros plugins enable google-antigravity-auth", then
 * "models auth login --provider google-antigravity"). While disabled, the provider is not offered and
 * `loginOAuth(provider)` refuses; once enabled, the login goes through the OAuth provider object the host registered
 * with `registerOAuthProvider` (the registry never ships client ids or secrets).
 *
 * @example
 * ```ts
 * const gate = BUNDLED_AUTH_PLUGINS.find((p) => p.providers.includes("google-gemini-cli"))?.name; // "google-gemini-cli-auth"
 * ```
 */
export const BUNDLED_AUTH_PLUGINS: readonly BundledPlugin[] = Object.freeze([
  {
    name: "google-antigravity-auth",
    providers: ["google-antigravity"],
    enabledByDefault: false,
    description: "Google Antigravity sign-in (OAuth, PKCE).",
  },
  {
    name: "google-gemini-cli-auth",
    providers: ["google-gemini-cli"],
    enabledByDefault: false,
    description: "Google Gemini CLI sign-in (OAuth, PKCE); tokens stay in the registry's auth profiles.",
  },
  {
    name: "qwen-portal-auth",
    providers: ["qwen-portal"],
    enabledByDefault: false,
    description: "Qwen OAuth free tier (device code): qwen-portal/coder-model and qwen-portal/vision-model.",
  },
]);
