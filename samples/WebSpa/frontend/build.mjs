// Builds the front end into ../wwwroot: the markdown page rendered to HTML, and the script copied.
import { marked } from "marked";
import { mkdir, readFile, writeFile, copyFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "wwwroot");
await mkdir(out, { recursive: true });

const body = marked.parse(await readFile(join(here, "index.md"), "utf8"));
const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>WebSpa</title></head>
<body>
${body}<p id="greeting">Loading…</p>
<script src="app.js"></script>
</body>
</html>
`;
await writeFile(join(out, "index.html"), html);
await copyFile(join(here, "app.js"), join(out, "app.js"));
console.log(`front end built into ${out}`);
