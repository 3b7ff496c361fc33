// Writes every Grafana dashboard (JSON) as a TypeScript object literal typed with the dashboard schema of
// @grafana/grafana-foundation-sdk, so that `tsc --strict --noEmit` rejects a field, a value or a type the schema
// does not allow. Enum-typed fields are checked against the enum's values (the JSON holds the values, not the
// enum members); each panel's targets are checked as Prometheus queries and its options and field defaults
// as those of its panel type (timeseries, stat).
//   node typecheck-dashboards.mjs OUT.ts DASHBOARD.json...
import fs from "node:fs";
import path from "node:path";

const [out, ...files] = process.argv.slice(2);
let code = `// Generated from Grafana dashboards; checked with tsc --strict --noEmit.
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import type * as common from "@grafana/grafana-foundation-sdk/common";
import type * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import type * as stat from "@grafana/grafana-foundation-sdk/stat";

// A type as JSON holds it: string enums as their values; methods (builders' markers) dropped.
type Json<T> =
  T extends (...args: never[]) => unknown ? never
  : T extends string ? \`\${T}\`
  : T extends number | boolean | null | undefined ? T
  : T extends readonly (infer U)[] ? Json<U>[]
  : T extends object ? { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: Json<T[K]> }
  : T;

type Target = Json<prometheus.Dataquery>;
type Field<Custom> = Omit<Json<dashboard.FieldConfigSource>, "defaults"> & { defaults: Omit<Json<dashboard.FieldConfig>, "custom"> & { custom?: Custom } };
type PanelBase = Omit<Json<dashboard.Panel>, "type" | "targets" | "options" | "fieldConfig" | "datasource"> & { datasource?: Json<common.DataSourceRef>; targets: Target[] };
type TimeseriesPanel = PanelBase & { type: "timeseries"; options?: Json<timeseries.Options>; fieldConfig?: Field<Json<timeseries.FieldConfig>> };
type StatPanel = PanelBase & { type: "stat"; options?: Json<stat.Options>; fieldConfig?: Field<never> };
type Row = Json<dashboard.RowPanel>;
type Dashboard = Omit<Json<dashboard.Dashboard>, "panels"> & { panels: (TimeseriesPanel | StatPanel | Row)[] };
`;
for (const [i, file] of files.entries()) {
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  code += `\n// ${path.basename(file)}\nexport const d${i}: Dashboard = ${JSON.stringify(json, null, 2)};\n`;
}
fs.writeFileSync(out, code);
console.log(`    ${files.length} dashboards written to ${path.basename(out)}`);
