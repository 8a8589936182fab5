import { describe, expect, it } from "vitest";
import { classifyProviderStatus, type ClassifyProviderStatusInput, type StatusProbe } from "../../src/status/classify-provider-status.js";
import { PROVIDER_STATUSES } from "../../src/status/provider-statuses.js";

const base: ClassifyProviderStatusInput = { known: true, local: false, modelCount: 0, credential: null, lastProbe: null };
const rejected: StatusProbe = { outcome: "error", errorKind: "auth_invalid", modelCount: null, authenticated: true };
const verified: StatusProbe = { outcome: "ok", errorKind: null, modelCount: 5, authenticated: true };
const unauthenticatedOk: StatusProbe = { outcome: "ok", errorKind: null, modelCount: 5, authenticated: false };
const timedOut: StatusProbe = { outcome: "error", errorKind: "timeout", modelCount: null, authenticated: false };
const envKey = { type: "apiKey", source: "env", envVar: "OPENAI_API_KEY" } as const;
const storedKey = { type: "apiKey", source: "stored" } as const;
const oauthOk = { type: "oauth", source: "stored", expired: false, refreshable: true } as const;
const oauthDead = { type: "oauth", source: "stored", expired: true, refreshable: false } as const;

const classify = (input: Partial<ClassifyProviderStatusInput>) => classifyProviderStatus({ ...base, ...input });

describe("classifyProviderStatus — each row", () => {
  it("row 1: unknown provider with models → unknown", () => {
    expect(classify({ known: false, modelCount: 2 })).toMatchObject({ status: "unknown", rule: 1 });
  });
  it("row 1 does not match an unknown provider without models (falls to row 7)", () => {
    expect(classify({ known: false, modelCount: 0 })).toMatchObject({ status: "missing", rule: 7 });
  });
  it("row 2: OAuth expired without usable refresh → broken_expired", () => {
    expect(classify({ credential: oauthDead, modelCount: 3 })).toMatchObject({ status: "broken_expired", rule: 2 });
  });
  it("row 2: OAuth refresh rejected → broken_expired", () => {
    expect(classify({ credential: { ...oauthOk, refreshRejected: true }, modelCount: 3 })).toMatchObject({ status: "broken_expired", rule: 2 });
  });
  it("row 2: OAuth rejected by the last probe → broken_expired", () => {
    expect(classify({ credential: oauthOk, modelCount: 3, lastProbe: rejected })).toMatchObject({ status: "broken_expired", rule: 2 });
  });
  it("row 2 does not match an expired OAuth token that can refresh (falls to row 5)", () => {
    expect(classify({ credential: { ...oauthOk, expired: true }, modelCount: 3 })).toMatchObject({ status: "healthy", rule: 5 });
  });
  it("row 3: stored key rejected → broken_invalid", () => {
    expect(classify({ credential: storedKey, modelCount: 3, lastProbe: rejected })).toMatchObject({ status: "broken_invalid", rule: 3 });
  });
  it("row 3: env key rejected → broken_invalid, the reason names the variable", () => {
    const r = classify({ credential: envKey, modelCount: 3, lastProbe: rejected });
    expect(r).toMatchObject({ status: "broken_invalid", rule: 3 });
    expect(r.reason).toContain("OPENAI_API_KEY");
  });
  it("row 3: a token rejected with auth_expired → broken_invalid", () => {
    expect(classify({ credential: { type: "token", source: "stored" }, lastProbe: { ...rejected, errorKind: "auth_expired" } })).toMatchObject({ status: "broken_invalid", rule: 3 });
  });
  it("row 4: local reached with ≥1 model → healthy", () => {
    expect(classify({ local: true, lastProbe: unauthenticatedOk })).toMatchObject({ status: "healthy", rule: 4 });
  });
  it("row 4: local reached with 0 models → local", () => {
    expect(classify({ local: true, lastProbe: { ...unauthenticatedOk, modelCount: 0 } })).toMatchObject({ status: "local", rule: 4 });
  });
  it("row 4: local unreachable → local", () => {
    expect(classify({ local: true, lastProbe: timedOut, modelCount: 4 })).toMatchObject({ status: "local", rule: 4 });
  });
  it("row 4: local never tested → local, even with curated models", () => {
    expect(classify({ local: true, modelCount: 4 })).toMatchObject({ status: "local", rule: 4 });
  });
  it("row 5: stored credential with models → healthy", () => {
    expect(classify({ credential: storedKey, modelCount: 1 })).toMatchObject({ status: "healthy", rule: 5 });
  });
  it("row 5: stored credential with no models → unknown", () => {
    expect(classify({ credential: storedKey, modelCount: 0 })).toMatchObject({ status: "unknown", rule: 5 });
  });
  it("row 5: a non-auth probe failure does not break an owned credential", () => {
    expect(classify({ credential: storedKey, modelCount: 1, lastProbe: timedOut })).toMatchObject({ status: "healthy", rule: 5 });
  });
  it("row 6: env key verified by an authenticated probe with models → healthy", () => {
    expect(classify({ credential: envKey, modelCount: 10, lastProbe: verified })).toMatchObject({ status: "healthy", rule: 6 });
  });
  it("row 6: env key not probed → env, even with catalog models", () => {
    expect(classify({ credential: envKey, modelCount: 10 })).toMatchObject({ status: "env", rule: 6 });
  });
  it("row 6: env key with a probe that does not authenticate → env, never healthy", () => {
    const r = classify({ credential: envKey, modelCount: 10, lastProbe: unauthenticatedOk });
    expect(r).toMatchObject({ status: "env", rule: 6 });
    expect(r.reason).toContain("proves nothing");
  });
  it("row 6: env key verified but the listing was empty → env", () => {
    expect(classify({ credential: envKey, modelCount: 10, lastProbe: { ...verified, modelCount: 0 } })).toMatchObject({ status: "env", rule: 6 });
  });
  it("row 6: env key whose probe timed out → env", () => {
    expect(classify({ credential: envKey, modelCount: 10, lastProbe: timedOut })).toMatchObject({ status: "env", rule: 6 });
  });
  it("row 7: nothing → missing", () => {
    expect(classify({ modelCount: 30 })).toMatchObject({ status: "missing", rule: 7 });
  });
});

describe("classifyProviderStatus — row order (inputs matching several rows)", () => {
  it("1 before 2: an unknown provider with models and an expired OAuth login is unknown", () => {
    expect(classify({ known: false, modelCount: 1, credential: oauthDead })).toMatchObject({ rule: 1, status: "unknown" });
  });
  it("1 before 3 and 4: unknown local provider with a rejected key is unknown", () => {
    expect(classify({ known: false, local: true, modelCount: 1, credential: storedKey, lastProbe: rejected })).toMatchObject({ rule: 1 });
  });
  it("2 before 5: expired OAuth with usable models is broken_expired, not healthy", () => {
    expect(classify({ credential: oauthDead, modelCount: 50 })).toMatchObject({ rule: 2, status: "broken_expired" });
  });
  it("2 before 4: a local provider signed in with a dead OAuth login is broken_expired", () => {
    expect(classify({ local: true, credential: oauthDead, lastProbe: unauthenticatedOk })).toMatchObject({ rule: 2 });
  });
  it("3 before 4: a local server that rejected the key is broken_invalid, not local", () => {
    expect(classify({ local: true, credential: storedKey, lastProbe: rejected })).toMatchObject({ rule: 3, status: "broken_invalid" });
  });
  it("3 before 5: a rejected stored key with models is broken_invalid, not healthy", () => {
    expect(classify({ credential: storedKey, modelCount: 9, lastProbe: rejected })).toMatchObject({ rule: 3, status: "broken_invalid" });
  });
  it("3 before 6: a rejected env key is broken_invalid, not env", () => {
    expect(classify({ credential: envKey, modelCount: 9, lastProbe: rejected })).toMatchObject({ rule: 3, status: "broken_invalid" });
  });
  it("4 before 5: a local provider with a stored token and an unreachable server is local, not healthy", () => {
    expect(classify({ local: true, credential: storedKey, modelCount: 9, lastProbe: timedOut })).toMatchObject({ rule: 4, status: "local" });
  });
  it("4 before 6: a local provider with an env key is judged as local, and its key must be verified to be healthy", () => {
    expect(classify({ local: true, credential: envKey, lastProbe: unauthenticatedOk })).toMatchObject({ rule: 4, status: "local" });
    expect(classify({ local: true, credential: envKey, lastProbe: { ...unauthenticatedOk, authenticated: true } })).toMatchObject({ rule: 4, status: "healthy" });
    // Keyless: nothing to verify.
    expect(classify({ local: true, credential: null, lastProbe: unauthenticatedOk })).toMatchObject({ rule: 4, status: "healthy" });
  });
  it("every outcome is one of PROVIDER_STATUSES", () => {
    const inputs: Partial<ClassifyProviderStatusInput>[] = [{}, { known: false, modelCount: 1 }, { credential: oauthDead }, { credential: envKey }, { local: true }];
    for (const i of inputs) expect(PROVIDER_STATUSES).toContain(classify(i).status);
  });
});
