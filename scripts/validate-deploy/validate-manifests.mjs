// Validates every document of rendered manifest streams against the schemas of their kinds:
// Kubernetes kinds with kubernetes-models (the Kubernetes OpenAPI models), ServiceMonitor and
// PrometheusRule with @kubernetes-models/prometheus-operator (the Prometheus Operator's CRD
// schemas). A document whose kind has no schema fails. Unknown fields are caught separately by
// typecheck-manifests.mjs.
//   node validate-manifests.mjs FILE...
import fs from "node:fs";
import yaml from "js-yaml";

const quiet = process.argv.includes("--quiet");
const files = process.argv.slice(2).filter((a) => a !== "--quiet");
let failures = 0;

function modelPath(doc) {
  const [group, version] = doc.apiVersion.includes("/") ? doc.apiVersion.split("/") : ["", doc.apiVersion];
  if (group === "monitoring.coreos.com") return `@kubernetes-models/prometheus-operator/${group}/${version}/${doc.kind}`;
  return `kubernetes-models/${group ? `${group}/` : ""}${version}/${doc.kind}`;
}

for (const file of files) {
  const docs = yaml.loadAll(fs.readFileSync(file, "utf8")).filter((d) => d !== null && d !== undefined);
  if (docs.length === 0) {
    console.error(`    FAIL ${file}: no manifests`);
    failures++;
    continue;
  }
  for (const doc of docs) {
    const id = `${file.split("/").pop()}: ${doc.kind}/${doc.metadata?.name}`;
    if (!doc.apiVersion || !doc.kind || !doc.metadata?.name) {
      console.error(`    FAIL ${id}: apiVersion, kind and metadata.name are required`);
      failures++;
      continue;
    }
    let Model;
    try {
      const mod = await import(modelPath(doc));
      Model = mod.default ?? mod[doc.kind];
    } catch {
      console.error(`    FAIL ${id}: no schema for ${doc.apiVersion} ${doc.kind}`);
      failures++;
      continue;
    }
    try {
      new Model(doc).validate();
      if (!quiet) console.log(`    valid ${doc.apiVersion} ${id}`);
    } catch (e) {
      console.error(`    FAIL ${id}: ${e.message}`);
      failures++;
    }
  }
}
process.exit(failures === 0 ? 0 : 1);
