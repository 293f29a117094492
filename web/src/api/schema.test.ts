// The API types are generated from umt's OpenAPI document (tests/snapshots/openapi.json, which
// the Python suite keeps equal to the live document): they must match it, or the app was
// built against an API that no longer exists. Regenerate with `npm run api:types`.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import openapiTS, { astToString } from "openapi-typescript";

test("the generated API types match the OpenAPI document", { timeout: 60_000 }, async () => {
  // vitest runs in web/ (npm test)
  const snapshot = resolve(process.cwd(), "../tests/snapshots/openapi.json");
  const committed = readFileSync(resolve(process.cwd(), "src/api/schema.d.ts"), "utf8");
  const ast = await openapiTS(JSON.parse(readFileSync(snapshot, "utf8")), {
    defaultNonNullable: false,
  });
  const generated = astToString(ast);
  // the CLI adds a header comment; compare the declarations
  const body = (text: string) => text.slice(text.indexOf("export interface paths"));
  expect(body(committed) === body(generated)).toBe(true);
});
