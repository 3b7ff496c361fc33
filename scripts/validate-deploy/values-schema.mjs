// Generates helm/microservices-events/values.schema.json: every key the chart reads, unknown keys
// refused (additionalProperties: false), and the combinations the chart cannot run:
//   - bus.transport InMemory keeps messages inside one process, while every service (and every
//     replica) runs in a pod of its own: InMemory is accepted only for a single pod;
//   - state.provider Sqlite keeps a file per pod: accepted only with one replica per service and
//     no autoscaling;
//   - specs.source customResources reads the Kubernetes API: the pods need a token (rbac.create
//     with rbac.specResources, or serviceAccount.automountToken) and no specs ConfigMap is read;
//     specs.namespaces and specs.labelSelector apply only to it.
// Each rule names the values to change: helm reports e.g. "at '/state/provider': value must be
// 'Postgres'" beside "at '/services/sensor-state/replicas': maximum: got 2, want 1".
//   node values-schema.mjs            print the schema
//   node values-schema.mjs --check F  exit 1 when file F differs from it
import fs from "node:fs";

const obj = { type: "object" };
const objList = { type: "array", items: { type: "object" } };
const strMap = { type: "object", additionalProperties: { type: "string" } };
const strict = (properties, required, extra = {}) => ({
  type: "object", additionalProperties: false, properties, ...(required ? { required } : {}), ...extra,
});
const portName = {
  type: "string", pattern: "^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$",
  description: "IANA service name: at most 15 lowercase letters, digits and '-'",
};
const portNumber = { type: "integer", minimum: 1, maximum: 65535 };
const duration = { type: "string", pattern: "^(([0-9]+(ms|s|m|h|d|w|y))+)?$" };
const names = { type: "array", items: { type: "string", minLength: 1 }, uniqueItems: true };

const SERVICES = ["ingress", "bus-gateway", "sensor-state", "trigger-dispatch"];
const SCALABLE = ["sensor-state", "trigger-dispatch"];

const percent = { type: ["integer", "null"], minimum: 1 };
const autoscaling = strict({
  enabled: { type: "boolean" },
  minReplicas: { type: "integer", minimum: 1 },
  maxReplicas: { type: "integer", minimum: 1 },
  targetCPUUtilizationPercentage: percent,
  targetMemoryUtilizationPercentage: percent,
  behavior: obj,
}, ["enabled"]);

const service = (own) => strict({
  enabled: { type: "boolean" },
  image: strict({ repository: { type: "string", minLength: 1 }, tag: { type: "string" } }, ["repository"]),
  replicas: { type: "integer", minimum: 0 },
  mountSpecs: { type: "boolean" },
  extraPorts: { type: "array", items: strict({ name: portName, port: portNumber }, ["name", "port"]) },
  env: { type: "object", additionalProperties: { type: ["string", "number", "boolean"] } },
  envFrom: objList,
  extraVolumes: objList,
  extraVolumeMounts: objList,
  service: strict({ type: { enum: ["", "ClusterIP", "NodePort", "LoadBalancer"] }, annotations: strMap }),
  priorityClassName: { type: "string" },
  resources: obj,
  ...own,
}, ["enabled", "image", "replicas"]);

// A schema applying `schema` at a nested property path, each step required.
const at = (path, schema) => path.reduceRight((inner, key) => ({ properties: { [key]: inner }, required: [key] }), schema);
const allOf = (...schemas) => ({ allOf: schemas });

const rules = [];
const inMemory = at(["bus", "transport"], { const: "InMemory" });
const rabbitMq = at(["bus", "transport"], { const: "RabbitMq" });
const sqlite = at(["state", "provider"], { const: "Sqlite" });
const postgres = at(["state", "provider"], { const: "Postgres" });
const enabled = (s) => at(["services", s, "enabled"], { const: true });
const severalReplicas = (s) => at(["services", s, "replicas"], { minimum: 2 });
const oneReplica = (s) => at(["services", s, "replicas"], { maximum: 1 });
const autoscaled = (s) => at(["services", s, "autoscaling", "enabled"], { const: true });
const notAutoscaled = (s) => at(["services", s, "autoscaling", "enabled"], { const: false });

SERVICES.forEach((a, i) => SERVICES.slice(i + 1).forEach((b) => rules.push({
  $comment: `InMemory keeps messages inside one process; ${a} and ${b} run in separate pods`,
  if: allOf(inMemory, enabled(a), enabled(b)),
  then: rabbitMq,
})));
for (const s of SERVICES) {
  rules.push({
    $comment: `InMemory keeps messages inside one process; replicas of ${s} are separate pods`,
    if: allOf(inMemory, severalReplicas(s)),
    then: allOf(rabbitMq, oneReplica(s)),
  });
}
for (const s of SCALABLE) {
  rules.push({
    $comment: `InMemory keeps messages inside one process; an autoscaled ${s} runs several pods`,
    if: allOf(inMemory, autoscaled(s)),
    then: allOf(rabbitMq, notAutoscaled(s)),
  });
}
for (const s of SERVICES) {
  rules.push({
    $comment: `Sqlite keeps a file per pod; replicas of ${s} would not share their state`,
    if: allOf(sqlite, severalReplicas(s)),
    then: allOf(postgres, oneReplica(s)),
  });
}
for (const s of SCALABLE) {
  rules.push({
    $comment: `Sqlite keeps a file per pod; an autoscaled ${s} would not share its state`,
    if: allOf(sqlite, autoscaled(s)),
    then: allOf(postgres, notAutoscaled(s)),
  });
}

const customResources = at(["specs", "source"], { const: "customResources" });
rules.push({
  $comment: "customResources reads the API server, not a ConfigMap",
  if: customResources,
  then: { properties: { specs: { properties: { existingConfigMap: { const: "" } } } } },
});
for (const key of ["namespaces", "labelSelector"]) {
  rules.push({
    $comment: `specs.${key} chooses custom resources; a ConfigMap has none`,
    if: at(["specs", key], key === "namespaces" ? { minItems: 1 } : { minLength: 1 }),
    then: customResources,
  });
}
rules.push({
  $comment: "customResources needs the service account token in the pods to reach the API server",
  if: allOf(customResources, at(["rbac", "create"], { const: false }), at(["serviceAccount", "automountToken"], { const: false })),
  then: at(["rbac", "create"], { const: true }),
});
rules.push({
  $comment: "customResources with the chart's RBAC needs the rules that watch the resources and write their status",
  if: allOf(customResources, at(["rbac", "create"], { const: true }), at(["rbac", "specResources"], { const: false })),
  then: at(["rbac", "specResources"], { const: true }),
});

const namespaceName = { type: "string", pattern: "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$" };

const schema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $comment: "Generated by scripts/validate-deploy/values-schema.mjs; edit that file, not this one.",
  title: "microservices-events values",
  type: "object",
  additionalProperties: false,
  properties: {
    global: obj,
    nameOverride: { type: "string" },
    fullnameOverride: { type: "string" },
    image: strict({ registry: { type: "string" }, tag: { type: "string" }, pullPolicy: { enum: ["Always", "IfNotPresent", "Never"] } }),
    imagePullSecrets: objList,
    services: strict({
      ingress: service({ webhookPortsFromSpecs: { type: "boolean" }, calendarCatchup: { type: "boolean" } }),
      "bus-gateway": service({}),
      "sensor-state": service({ autoscaling }),
      "trigger-dispatch": service({ autoscaling }),
    }, SERVICES),
    bus: strict({
      transport: { enum: ["RabbitMq", "InMemory"] },
      rabbitmq: strict({
        host: { type: "string", minLength: 1 }, port: portNumber, virtualHost: { type: "string" },
        username: { type: "string" }, password: { type: "string" }, existingSecret: { type: "string" },
      }),
    }, ["transport"]),
    state: strict({ provider: { enum: ["Postgres", "Sqlite"] }, connectionString: { type: "string" }, existingSecret: { type: "string" } }, ["provider"]),
    otel: strict({ endpoint: { type: "string" } }),
    specs: strict({
      source: { enum: ["configMap", "customResources"] },
      namespaces: { type: "array", items: namespaceName, uniqueItems: true },
      labelSelector: { type: "string" },
      existingConfigMap: { type: "string" },
      files: strMap,
    }),
    specSecrets: strict({ secrets: names, configMaps: names }),
    envFrom: objList,
    extraVolumes: objList,
    extraVolumeMounts: objList,
    serviceAccount: strict({ create: { type: "boolean" }, name: { type: "string" }, annotations: strMap, automountToken: { type: "boolean" } }),
    rbac: strict({
      create: { type: "boolean" },
      scope: { enum: ["namespaced", "cluster"] },
      namespaces: names,
      specResources: { type: "boolean" },
      triggerRules: objList,
      resourceSourceRules: objList,
      extraRules: objList,
    }),
    service: strict({ type: { enum: ["ClusterIP", "NodePort", "LoadBalancer"] }, port: portNumber }),
    ingress: strict({
      enabled: { type: "boolean" },
      className: { type: "string" },
      annotations: strMap,
      hosts: {
        type: "array",
        items: strict({
          host: { type: "string" },
          paths: {
            type: "array", minItems: 1,
            items: strict({
              path: { type: "string", pattern: "^/" },
              pathType: { enum: ["Prefix", "Exact", "ImplementationSpecific"] },
              servicePort: { oneOf: [portName, portNumber] },
            }, ["path", "servicePort"]),
          },
        }, ["paths"]),
      },
      tls: objList,
    }),
    metrics: strict({ scrapeAnnotations: { type: "boolean" } }),
    serviceMonitor: strict({
      enabled: { type: "boolean" }, namespace: { type: "string" }, labels: strMap,
      interval: duration, scrapeTimeout: duration, relabelings: objList, metricRelabelings: objList,
    }),
    prometheusRule: strict({
      enabled: { type: "boolean" }, namespace: { type: "string" }, labels: strMap, alertLabels: strMap,
      noEventsSentFor: duration, extraRules: objList,
    }),
    grafanaDashboards: strict({
      enabled: { type: "boolean" }, namespace: { type: "string" }, labels: strMap, annotations: strMap,
    }),
    podDisruptionBudget: strict({
      enabled: { type: "boolean" },
      maxUnavailable: { type: ["integer", "string"] },
      minAvailable: { type: ["integer", "string"] },
    }, undefined, { not: { required: ["maxUnavailable", "minAvailable"] } }),
    networkPolicy: strict({ enabled: { type: "boolean" }, httpFrom: objList, webhookFrom: objList, egress: objList }),
    probes: strict({ liveness: obj, readiness: obj }),
    podAnnotations: strMap,
    podLabels: strMap,
    priorityClassName: { type: "string" },
    topologySpread: strict({
      enabled: { type: "boolean" },
      maxSkew: { type: "integer", minimum: 1 },
      topologyKey: { type: "string", minLength: 1 },
      whenUnsatisfiable: { enum: ["DoNotSchedule", "ScheduleAnyway"] },
    }),
    topologySpreadConstraints: objList,
    podSecurityContext: obj,
    securityContext: obj,
    nodeSelector: strMap,
    tolerations: objList,
    affinity: obj,
    crds: strict({ install: { type: "boolean" }, keep: { type: "boolean" } }),
    extraObjects: { type: "array", items: { type: ["object", "string"] } },
  },
  allOf: rules,
};

const text = `${JSON.stringify(schema, null, 2)}\n`;
if (process.argv[2] === "--check") {
  if (fs.readFileSync(process.argv[3], "utf8") !== text) {
    console.error(`    ${process.argv[3]} is not what scripts/validate-deploy/values-schema.mjs generates: run it (node scripts/validate-deploy/values-schema.mjs > ${process.argv[3]})`);
    process.exit(1);
  }
  console.log(`    ${process.argv[3]} is up to date`);
} else {
  process.stdout.write(text);
}
