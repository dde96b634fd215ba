// The GraphQL IDE served at /graphql to browsers: over plain HTTP (page, headers, files, the
// examples), then in a real headless browser (Debian's chromium driven by playwright-core, no
// browser download) with the network closed: the page loads from this server alone, runs the
// README's query and shows the demo's data, with nothing refused by its Content-Security-Policy.

import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSchema } from "../../src/graphql/buildSchema";
import { loadDemoChanges } from "../../src/demo/loadDemoChanges";
import { startServer, type RunningServer } from "../../src/server/createServer";
import { readExampleOperations, runnableExamples } from "../../src/server/ide/exampleOperations";
import { prefersHtml } from "../../src/server/ide/prefersHtml";
import { BACKENDS } from "../backends";
import { CONTACT, models } from "../helpers";
import { createKey } from "./accessClient";

const CHROMIUM = process.env.MIRRORQL_TEST_CHROMIUM || "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
const isSet = (v: string | undefined) => v !== undefined && v !== "" && v !== "0" && v !== "false";
// CI installs Chromium (.ci/run) and must run the browser half; elsewhere it is skipped without one.
const browserRequired = isSet(process.env.CI) || process.env.MIRRORQL_TEST_PG_REQUIRED === "1" || isSet(process.env.MIRRORQL_TEST_BROWSER_REQUIRED);
if (!haveChromium) {
  if (browserRequired)
    throw new Error(
      `The IDE's browser tests must run here (CI) but there is no Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y --no-install-recommends chromium) or set MIRRORQL_TEST_CHROMIUM.`,
    );
  process.stdout.write(`IDE browser tests skipped: no Chromium at ${CHROMIUM}; apt-get install chromium (or set MIRRORQL_TEST_CHROMIUM) to run them.\n`);
}

const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
const SCREENSHOT = resolve("test-output", "ide.png");

describe("the GraphQL IDE", () => {
  let server: RunningServer;
  const origin = () => new URL(server.url).origin;

  beforeAll(async () => {
    const mirror = await BACKENDS[0]!.open({ schemaDir: "schema" }, { reopen: true }, "file");
    await loadDemoChanges(mirror);
    server = await startServer(mirror, { port: 0 });
  }, 60_000);
  afterAll(() => server?.stop(), 30_000);

  const page = () => fetch(server.url, { headers: { accept: BROWSER_ACCEPT } });

  it("is the page a browser gets at /graphql: no credential, a CSP without inline scripts, nothing from another origin", async () => {
    const res = await page();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/\bsrc="\/ide\//);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it("tells a browser's navigation from API clients by the Accept header, a tie going to JSON", () => {
    expect(prefersHtml(BROWSER_ACCEPT)).toBe(true);
    for (const accept of [
      undefined,
      "*/*",
      "application/json",
      "application/graphql-response+json, application/json;q=0.9",
      "text/html;q=0.5, application/json",
      "text/html, application/json",
    ]) {
      expect(prefersHtml(accept), accept).toBe(false);
    }
  });

  it("redirects / to /graphql", async () => {
    const res = await fetch(`${origin()}/`, { redirect: "manual", headers: { accept: BROWSER_ACCEPT } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/graphql");
  });

  it("leaves JSON clients to the API, and GET operations still need a preflight header (CSRF prevention)", async () => {
    const query = `${server.url}?query=${encodeURIComponent("{ regions(first: 1) { nodes { region_code } } }")}`;
    expect((await fetch(query, { headers: { accept: "application/json" } })).status).toBe(400);
    const json = await fetch(query, { headers: { accept: "application/json", "apollo-require-preflight": "1" } });
    expect(await json.json()).toEqual({ data: { regions: { nodes: [{ region_code: "APAC" }] } } });
    // A browser opening the same address gets the IDE, never the operation's result.
    const opened = await fetch(query, { headers: { accept: BROWSER_ACCEPT } });
    expect(opened.headers.get("content-type")).toContain("text/html");
    expect(await opened.text()).not.toContain("APAC");
  });

  it("serves the IDE's files with their types, compressed when asked, cached for good under Ruru's version, and 304 on a known etag", async () => {
    const html = await (await page()).text();
    const [js, css] = [/<link rel="modulepreload" href="([^"]+)"/, /<link rel="stylesheet" href="([^"]+ruru\.css)"/].map((re) => html.match(re)![1]!);
    expect(js).toMatch(/^\/ide\/ruru@\d+\.\d+\.\d+\/ruru\.js$/);
    const script = await fetch(origin() + js, { headers: { "accept-encoding": "br" } });
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(script.headers.get("cache-control")).toContain("immutable");
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    const style = await fetch(origin() + css);
    expect(style.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(await style.text()).toContain(".graphiql-container");
    const again = await fetch(origin() + js, { headers: { "if-none-match": script.headers.get("etag")! } });
    expect(again.status).toBe(304);
    const start = await fetch(`${origin()}/ide/mirrorql.js`);
    expect(start.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(start.headers.get("cache-control")).toBe("no-cache");
    expect((await fetch(`${origin()}/ide/ruru@0.0.0/ruru.js`)).status).toBe(404);
  });

  it("offers the demo's example operations, each of which runs on the demo without an error", async () => {
    const start = await (await fetch(`${origin()}/ide/mirrorql.js`)).text();
    const examples = readExampleOperations();
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const query of examples) {
      expect(start).toContain(JSON.stringify(query));
      const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
      const body = (await res.json()) as { errors?: unknown };
      expect(body.errors, query).toBeUndefined();
    }
  });

  it("offers only the examples that validate on a mirror of other models", () => {
    const runnable = runnableExamples(buildSchema(models(CONTACT)), readExampleOperations());
    expect(runnable.length).toBeGreaterThan(0);
    expect(runnable.join("\n")).toContain("query Datasets");
    expect(runnable.join("\n")).not.toContain("query Accounts");
  });

  describe.skipIf(!haveChromium)("in headless Chromium with the network closed", () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    }, 60_000);
    afterAll(() => browser?.close());

    it("loads from this server alone, opens on the README's query, runs it and shows the demo's accounts", async () => {
      const ide = await openIde(browser, server.url);
      // The editor opens on the first example, the README's query, among the other examples' tabs.
      await waitForText(ide.tab, ".graphiql-query-editor", "accounts(first: 3");
      expect(await ide.tab.locator(".graphiql-tab").count()).toBe(readExampleOperations().length);

      const expected = (await (
        await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: readExampleOperations()[0] }) })
      ).json()) as { data: { accounts: { nodes: { name: string }[] } } };
      await ide.tab.click(".graphiql-execute-button");
      await waitForText(ide.tab, ".graphiql-response", expected.data.accounts.nodes[0]!.name);
      expect(await textOf(ide.tab, ".graphiql-response")).toContain('"totalCount": 7');

      mkdirSync(dirname(SCREENSHOT), { recursive: true });
      await ide.tab.screenshot({ path: SCREENSHOT });
      process.stdout.write(`IDE screenshot: ${SCREENSHOT}\n`);

      expect(ide.elsewhere, "requests to another origin").toEqual([]);
      expect(
        ide.consoleErrors.filter((text) => /Content Security Policy/i.test(text)),
        "refused by the CSP",
      ).toEqual([]);
      expect(ide.consoleErrors, "console errors").toEqual([]);
      await ide.context.close();
    }, 90_000);

    describe("with access control", () => {
      let guarded: RunningServer;
      let key: string;
      beforeAll(async () => {
        const mirror = await BACKENDS[0]!.open({ schemaDir: "schema" }, { reopen: true }, "file");
        await loadDemoChanges(mirror);
        key = (await createKey(mirror, "ide", ["read"])).text;
        guarded = await startServer(mirror, { port: 0 });
      }, 60_000);
      afterAll(() => guarded?.stop(), 30_000);

      it("loads without a credential, and sends the Authorization header written in its headers editor", async () => {
        const ide = await openIde(browser, guarded.url);
        await waitForText(ide.tab, ".graphiql-query-editor", "accounts(first: 3");
        await ide.tab.click(".graphiql-execute-button");
        await waitForText(ide.tab, ".graphiql-response", "UNAUTHENTICATED");

        await ide.tab.getByText("Headers", { exact: true }).click();
        await ide.tab.click(".graphiql-editor-tool .graphiql-editor:not(.hidden)");
        await ide.tab.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${key}` }));
        await ide.tab.click(".graphiql-execute-button");
        await waitForText(ide.tab, ".graphiql-response", '"totalCount": 7');
        expect(await textOf(ide.tab, ".graphiql-response")).not.toContain("UNAUTHENTICATED");

        expect(ide.elsewhere, "requests to another origin").toEqual([]);
        expect(
          ide.consoleErrors.filter((text) => /Content Security Policy/i.test(text)),
          "refused by the CSP",
        ).toEqual([]);
        await ide.context.close();
      }, 90_000);
    });
  });
});

function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // Closed at the browser too: no name resolves but the loopback address the servers listen on.
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ],
  });
}

/** Opens `url` in a fresh context whose requests to any other origin are aborted and recorded. */
async function openIde(browser: Browser, url: string) {
  const origin = new URL(url).origin;
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: "block" });
  const elsewhere: string[] = [];
  await context.route("**/*", (route, request) => {
    if (new URL(request.url()).origin === origin) return route.continue();
    elsewhere.push(request.url());
    return route.abort("blockedbyclient");
  });
  const tab = await context.newPage();
  const consoleErrors: string[] = [];
  tab.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  tab.on("pageerror", (error) => void consoleErrors.push(`page error: ${error.message}`));
  const response = await tab.goto(url);
  expect(response?.status()).toBe(200);
  expect(response?.headers()["content-security-policy"]).toContain("default-src 'self'");
  return { context, tab, elsewhere, consoleErrors };
}

/** The text of `selector` as shown: Monaco renders spaces as no-break spaces. */
async function textOf(tab: Page, selector: string): Promise<string> {
  return ((await tab.textContent(selector)) ?? "").replace(/\u00a0/g, " ");
}

async function waitForText(tab: Page, selector: string, text: string): Promise<void> {
  await expect.poll(() => textOf(tab, selector), { timeout: 30_000, interval: 200 }).toContain(text);
}
