// Asserts facts about a rendered manifest stream: each argument after the file is a JavaScript
// expression that must be true, evaluated with these helpers in scope:
//   docs                 every document
//   all(kind)            the documents of a kind
//   count(kind)          how many there are
//   one(kind, suffix)    the one document of that kind whose name ends with suffix (else throws)
//   container(suffix)    the first container of the Deployment whose name ends with suffix
//   env(suffix, name)    that container's env entry called name (undefined when absent)
//   ports(suffix)        "name:port" of the Service whose name ends with suffix, sorted
//   node query-manifests.mjs FILE EXPRESSION...
import fs from "node:fs";
import yaml from "js-yaml";

const [file, ...expressions] = process.argv.slice(2);
const docs = yaml.loadAll(fs.readFileSync(file, "utf8")).filter((d) => d !== null && d !== undefined);
const all = (kind) => docs.filter((d) => d.kind === kind);
const count = (kind) => all(kind).length;
const one = (kind, suffix) => {
  const found = all(kind).filter((d) => d.metadata.name.endsWith(suffix));
  if (found.length !== 1) throw new Error(`${found.length} ${kind} named *${suffix}`);
  return found[0];
};
const container = (suffix) => one("Deployment", suffix).spec.template.spec.containers[0];
const env = (suffix, name) => (container(suffix).env ?? []).find((e) => e.name === name);
const ports = (suffix) => one("Service", suffix).spec.ports.map((p) => `${p.name}:${p.port}`).sort();

let failures = 0;
for (const expression of expressions) {
  let result;
  try {
    result = new Function("docs", "all", "count", "one", "container", "env", "ports", `return (${expression});`)(
      docs, all, count, one, container, env, ports);
  } catch (e) {
    result = `error: ${e.message}`;
  }
  if (result === true) {
    console.log(`    ok   ${expression}`);
  } else {
    console.error(`    FAIL ${expression}${result === false ? "" : ` (${result})`}`);
    failures++;
  }
}
process.exit(failures === 0 ? 0 : 1);
