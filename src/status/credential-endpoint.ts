import type { DiscoveryKind } from "../schema/provider-definition.js";
import type { ProviderFacts } from "./status-snapshot.js";

/**
 * The listing to check a method's endpoint with: the provider's own when the method keeps its wire; none when the
 * wire changes (no listing is documented for those endpoints), which leaves the one-token live probe on that wire.
 */
function discoveryFor(api: string | null, facts: ProviderFacts): DiscoveryKind {
  return api === null || api === facts.definition?.api ? facts.discovery : "none";
}

/**
 * The facts a check of the current credential should use: when the credential belongs to a setup method with its
 * own endpoint (a Z.AI Coding Plan key, a Kimi Code key), the listing and the live probe go to that endpoint with
 * that wire's listing, exactly as `run()` sends the credential's calls. Unchanged otherwise.
 *
 * @example
 * ```ts
 * const outcome = await probeProvider(ctx, withCredentialEndpoint({ ...facts, credential: next }));
 * ```
 */
export function withCredentialEndpoint(facts: ProviderFacts): ProviderFacts {
  const endpoint = facts.credential?.endpoint;
  if (!endpoint) return facts;
  return { ...facts, baseUrl: endpoint.baseUrl ?? facts.baseUrl, discovery: discoveryFor(endpoint.api, facts) };
}
