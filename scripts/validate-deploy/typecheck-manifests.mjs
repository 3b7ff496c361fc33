// Writes every document of rendered manifest streams as a TypeScript object literal typed with its
// kind's interface from kubernetes-models (or @kubernetes-models/prometheus-operator), so that
// `tsc --strict --noEmit` rejects fields the schema does not know (excess property checks), which
// the models' validate() lets through.
//   node typecheck-manifests.mjs OUT.ts FILE...
import fs from "node:fs";
import path from "node:path";
import yaml from "js-yaml";

const [out, ...files] = process.argv.slice(2);
let code = "// Generated from rendered manifests; checked with tsc --strict --noEmit.\n";
let n = 0;
for (const file of files) {
  for (const doc of yaml.loadAll(fs.readFileSync(file, "utf8"))) {
    if (doc === null || doc === undefined) continue;
    const [group, version] = doc.apiVersion.includes("/") ? doc.apiVersion.split("/") : ["", doc.apiVersion];
    const mod = group === "monitoring.coreos.com"
      ? `@kubernetes-models/prometheus-operator/${group}/${version}/${doc.kind}`
      : `kubernetes-models/${group ? `${group}/` : ""}${version}/${doc.kind}`;
    code += `\n// ${path.basename(file)}: ${doc.kind}/${doc.metadata?.name}\n`;
    code += `import type { I${doc.kind} as T${n} } from "${mod}";\n`;
    code += `export const o${n}: T${n} = ${JSON.stringify(doc, null, 2)};\n`;
    n++;
  }
}
fs.writeFileSync(out, code);
console.log(`    ${n} objects written to ${path.basename(out)}`);
