// Two headless Chromium pages chat through the demo page, for the xunit demo test.
// Usage: node demo-chat.mjs <baseUrl>
// Prints one JSON line of what each page showed; exits non-zero on failure or after 60 s.
import { chromium } from "playwright-core";

const [baseUrl] = process.argv.slice(2);
// Generous: the first Chromium launch on a fresh machine builds its caches.
setTimeout(() => fail("timed out"), 60000);

function fail(reason) {
  console.log(JSON.stringify({ ok: false, reason }));
  process.exit(1);
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

try {
  async function open(nick) {
    const page = await browser.newPage();
    page.on("pageerror", (err) => fail(`page error for ${nick}: ${err.message}`));
    await page.goto(baseUrl);
    await page.fill("input[name=nick]", nick);
    await page.fill("input[name=room]", "lobby");
    await page.click("#join button");
    await page.waitForSelector("body[data-joined=lobby]");
    return page;
  }

  const ada = await open("ada");
  const bob = await open("bob");
  await ada.waitForSelector("#log li:has-text('bob joined')");

  await ada.fill("input[name=text]", "hello bob");
  await ada.click("#say button");
  await bob.waitForSelector("#log li:has-text('ada: hello bob')");

  await bob.fill("input[name=text]", "hi ada");
  await bob.click("#say button");
  await ada.waitForSelector("#log li:has-text('bob: hi ada')");

  const result = {
    ok: true,
    ada: await ada.$$eval("#log li", (items) => items.map((i) => i.textContent)),
    bob: await bob.$$eval("#log li", (items) => items.map((i) => i.textContent)),
    transport: await ada.textContent("#transport"),
  };
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
process.exit(0);
