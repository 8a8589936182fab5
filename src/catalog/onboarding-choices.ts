import { setupMethodsOf } from "../refs/setup-methods.js";
import type { ApiKind } from "../schema/api-kind.js";
import type { ProviderDefinition } from "../schema/provider-definition.js";
import type { SetupAsk, SetupMethod, SetupMethodKind } from "../schema/setup-method.js";
import { compareProviders } from "./build-catalog.js";

/**
 * One setup method as a first-run screen shows it: what it asks for, and where its credential will be sent.
 *
 * @example
 * ```ts
 * const m: OnboardingMethod = { id: "coding-plan-cn", kind: "apiKey", label: "Coding Plan CN", asks: [{ what: "key", optional: false }],
 *   env: [], baseUrl: "https://open.bigmodel.cn/api/coding/paas/v4", api: "openai-completions", note: null };
 * ```
 */
export interface OnboardingMethod {
  /** Pass it as `setApiKey(provider, key, { method: id })` (or setToken / setOAuthCredential). */
  id: string;
  kind: SetupMethodKind;
  label: string;
  /** What to ask the user for, in order. */
  asks: SetupAsk[];
  /** Variables the registry reads a key for this method from, instead of asking. */
  env: string[];
  /** Where this method's calls go; `null` = the provider's default URL. */
  baseUrl: string | null;
  /** The wire this method speaks; `null` = the provider's. */
  api: ApiKind | null;
  note: string | null;
}

/**
 * One provider on a first-run screen, with its setup methods.
 *
 * @example
 * ```ts
 * for (const c of await registry.onboardingChoices()) menu.add(c.name, c.methods.map((m) => m.label));
 * ```
 */
export interface OnboardingChoice {
  providerId: string;
  name: string;
  order: number | null;
  local: boolean;
  docs: string | null;
  /** Default URL of the provider (a method's `baseUrl` overrides it for that method's credentials). */
  baseUrl: string | null;
  methods: OnboardingMethod[];
}

const ASKS: Record<SetupMethodKind, SetupAsk[]> = {
  apiKey: [{ what: "key", optional: false }],
  token: [{ what: "token", optional: false }],
  oauth: [{ what: "sign-in", optional: false }],
  local: [
    { what: "url", optional: true },
    { what: "model", optional: false },
  ],
  url: [
    { what: "url", optional: false },
    { what: "model", optional: false },
  ],
};

function toChoiceMethod(m: SetupMethod): OnboardingMethod {
  return {
    id: m.id,
    kind: m.kind,
    label: m.label,
    asks: (m.asks ?? ASKS[m.kind]).map((a) => ({ what: a.what, optional: a.optional ?? false })),
    env: [...(m.env ?? [])],
    baseUrl: m.baseUrl ?? null,
    api: m.api ?? null,
    note: m.note ?? null,
  };
}

/**
 * What a first-run screen (or the CLI's `onboard`) offers: the providers in default order (the Fased order, then the
 * rest by name) with their setup methods and what each asks for. Legacy/compat providers and providers known only
 * from models.json are left out; a provider without any setup method is left out too (there is nothing to choose).
 *
 * @example
 * ```ts
 * const choices = onboardingChoices(catalog.providers);
 * choices[0].providerId; // "openai"
 * choices.find((c) => c.providerId === "zai")?.methods.map((m) => m.label);
 * // ["Coding Plan Global", "Coding Plan CN", "Global API key", "CN API key"]
 * ```
 */
export function onboardingChoices(providers: ReadonlyArray<{ definition: ProviderDefinition; source: "builtin" | "plugin" | "user" }>): OnboardingChoice[] {
  return providers
    .filter((p) => p.source !== "user" && !p.definition.legacy)
    .map((p) => p.definition)
    .sort(compareProviders)
    .flatMap((d) => {
      const methods = setupMethodsOf(d).map(toChoiceMethod);
      if (methods.length === 0) return [];
      return [{ providerId: d.id, name: d.name, order: d.order, local: d.local, docs: d.docs ?? null, baseUrl: d.baseUrl, methods }];
    });
}
