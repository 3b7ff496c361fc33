// Extracts spec (its groups) of every PrometheusRule in a rendered manifest stream into a
// Prometheus rule file, for promtool check rules / test rules.
//   node prometheus-rules.mjs MANIFESTS OUT.yaml
import fs from "node:fs";
import yaml from "js-yaml";

const [file, out] = process.argv.slice(2);
const groups = yaml.loadAll(fs.readFileSync(file, "utf8"))
  .filter((d) => d?.kind === "PrometheusRule")
  .flatMap((d) => d.spec.groups);
if (groups.length === 0) {
  console.error(`no PrometheusRule in ${file}`);
  process.exit(1);
}
fs.writeFileSync(out, yaml.dump({ groups }, { lineWidth: -1 }));
console.log(`    ${groups.length} group(s), ${groups.reduce((a, g) => a + g.rules.length, 0)} rule(s)`);
