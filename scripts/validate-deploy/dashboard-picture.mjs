// Draws a Grafana dashboard's layout as SVG, from its JSON alone: each row, and each panel at its gridPos with its
// title, its kind and the metrics its queries read. The README shows the overview dashboard so
// (docs/overview-dashboard.svg); no Grafana is needed to draw it.
//   node dashboard-picture.mjs DASHBOARD.json              print the SVG
//   node dashboard-picture.mjs DASHBOARD.json --check F    exit 1 when file F differs from it
import fs from "node:fs";

const COLUMN = 50; // px per grid column (Grafana's grid is 24 columns wide)
const UNIT = 30; // px per grid row
const TOP = 44; // room for the dashboard's title
const PAD = 4;

const escape = (text) =>
  String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const metricNames = (expr) =>
  [...String(expr).matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{/g)].map((m) => m[1]);

const clip = (text, width) => {
  const max = Math.max(4, Math.floor(width / 6.2));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
};

function panelsOf(owner) {
  const all = [];
  for (const panel of owner.panels ?? []) {
    all.push(panel);
    all.push(...panelsOf(panel));
  }
  return all;
}

export function picture(dashboard) {
  const panels = panelsOf(dashboard).filter((p) => p.gridPos);
  const bottom = Math.max(...panels.map((p) => p.gridPos.y + p.gridPos.h));
  const width = 24 * COLUMN;
  const height = TOP + bottom * UNIT + PAD;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Inter, Helvetica, Arial, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#111217"/>`,
    `<text x="${PAD * 2}" y="28" font-size="18" fill="#ccccdc">${escape(dashboard.title)}</text>`,
  ];
  for (const panel of panels) {
    const { x, y, w, h } = panel.gridPos;
    const left = x * COLUMN + PAD;
    const top = TOP + y * UNIT;
    const boxWidth = w * COLUMN - 2 * PAD;
    if (panel.type === "row") {
      out.push(`<text x="${left}" y="${top + 20}" font-size="15" font-weight="bold" fill="#ccccdc">${escape(panel.title)}</text>`);
      continue;
    }

    const boxHeight = h * UNIT - 2 * PAD;
    out.push(`<rect x="${left}" y="${top}" width="${boxWidth}" height="${boxHeight}" rx="3" fill="#181b1f" stroke="#2c3235"/>`);
    out.push(`<text x="${left + 8}" y="${top + 20}" font-size="13" font-weight="bold" fill="#ccccdc">${escape(clip(panel.title ?? "", boxWidth - 16))}</text>`);
    out.push(`<text x="${left + 8}" y="${top + 38}" font-size="11" fill="#8e8e8e">${escape(panel.type)}</text>`);
    const lines = [];
    for (const target of panel.targets ?? []) {
      const legend = target.legendFormat ? `${target.legendFormat}: ` : "";
      lines.push(`${legend}${[...new Set(metricNames(target.expr))].join(", ")}`);
    }

    const room = Math.floor((boxHeight - 52) / 16);
    lines.slice(0, room).forEach((line, i) => {
      out.push(`<text x="${left + 8}" y="${top + 58 + i * 16}" font-size="11" fill="#73bf69">${escape(clip(line, boxWidth - 16))}</text>`);
    });
  }

  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

const [file, flag, expected] = process.argv.slice(2);
if (!file) {
  console.error("usage: dashboard-picture.mjs DASHBOARD.json [--check FILE]");
  process.exit(2);
}

const svg = picture(JSON.parse(fs.readFileSync(file, "utf8")));
if (flag === "--check") {
  const current = fs.existsSync(expected) ? fs.readFileSync(expected, "utf8") : "";
  if (current !== svg) {
    console.error(`${expected} is not the picture of ${file}: run node ${process.argv[1]} ${file} > ${expected}`);
    process.exit(1);
  }

  console.log(`    ${expected} is the picture of ${file}`);
} else {
  process.stdout.write(svg);
}
