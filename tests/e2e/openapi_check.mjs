// Checks the OpenAPI document and real server answers against it; run by test_openapi_e2e.py.
// Usage: node openapi_check.mjs OPENAPI.json [CAPTURES.json]
//   Validates OPENAPI.json with @apidevtools/swagger-parser (exit 2 when invalid), then checks every
//   captured answer ({path, status, content_type, body}: path is the document's path template) against
//   the schema the document gives for that path, GET, status and media type, with Ajv (JSON Schema
//   2020-12, as OpenAPI 3.1 uses). Prints one JSON report; exit 1 when any answer does not conform.
import fs from "node:fs";
import SwaggerParser from "@apidevtools/swagger-parser";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [openapiPath, capturesPath] = process.argv.slice(2);
let api;
try {
  api = await SwaggerParser.validate(openapiPath);
} catch (error) {
  console.log(JSON.stringify({ valid: false, error: String(error.message || error) }));
  process.exit(2);
}
const report = { valid: true, openapi: api.openapi, paths: Object.keys(api.paths), checked: 0, failures: [] };
if (capturesPath) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validators = new Map();
  for (const capture of JSON.parse(fs.readFileSync(capturesPath, "utf8"))) {
    const where = `GET ${capture.path} ${capture.status} ${capture.content_type}`;
    const response = api.paths[capture.path]?.get?.responses?.[String(capture.status)];
    const mediaType = capture.content_type.split(";")[0].trim();
    const schema = response?.content?.[mediaType]?.schema;
    if (!schema) {
      report.failures.push({ where, errors: ["the document describes no such answer"] });
      continue;
    }
    if (!validators.has(schema)) validators.set(schema, ajv.compile(schema));
    const validate = validators.get(schema);
    report.checked++;
    if (!validate(capture.body)) report.failures.push({ where, url: capture.url, errors: validate.errors });
  }
}
console.log(JSON.stringify(report));
process.exit(report.failures.length ? 1 : 0);
