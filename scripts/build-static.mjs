// Builds the static front end: our Sass over GOV.UK Frontend, and its JavaScript.
// Output goes to safecom/static/build/ (not committed; `make static` makes it).
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = resolve(root, "safecom/static/build");
const govuk = resolve(root, "node_modules/govuk-frontend/dist/govuk");
mkdirSync(out, { recursive: true });

const result = sass.compile(resolve(root, "safecom/static/src/app.scss"), {
  loadPaths: [resolve(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions"],
});
writeFileSync(resolve(out, "app.css"), result.css);
cpSync(resolve(govuk, "govuk-frontend.min.js"), resolve(out, "govuk-frontend.min.js"));
mkdirSync(resolve(out, "assets"), { recursive: true });
console.log(`static: wrote ${out}/app.css (${result.css.length} bytes) and govuk-frontend.min.js`);
