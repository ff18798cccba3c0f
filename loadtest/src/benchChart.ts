/** One point of a chart series. */
export interface ChartPoint {
  clients: number;
  value: number;
}

export interface ChartPanel {
  title: string;
  unit: string;
  points: ChartPoint[];
  /** A horizontal line to draw (a budget or a target), if any. */
  limit?: { value: number; label: string };
  /** Other runs drawn dashed on the same axes (the baseline, the bare-ws reference), labelled at their end. */
  comparisons?: { label: string; points: ChartPoint[] }[];
}

/** Colours of the comparison lines, in order. */
const COMPARISON_COLOURS = ['#e08a00', '#6a6a6a', '#8a3ab9'];

const WIDTH = 720;
const PANEL_HEIGHT = 170;
const MARGIN = { left: 64, right: 24, top: 28, bottom: 34 };

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Draws stacked line panels sharing the clients axis, as a standalone SVG document. */
export function renderChart(title: string, panels: readonly ChartPanel[]): string {
  const allPoints = (panel: ChartPanel) => [
    ...panel.points,
    ...(panel.comparisons ?? []).flatMap((comparison) => comparison.points),
  ];
  const maxClients = Math.max(1, ...panels.flatMap((panel) => allPoints(panel).map((point) => point.clients)));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const parts: string[] = [];
  panels.forEach((panel, index) => {
    const top = 30 + index * PANEL_HEIGHT;
    const maxValue =
      Math.max(
        1e-9,
        panel.limit?.value ?? 0,
        ...allPoints(panel).map((point) => (Number.isFinite(point.value) ? point.value : 0)),
      ) * 1.1;
    const x = (clients: number) => MARGIN.left + (clients / maxClients) * plotWidth;
    const y = (value: number) => top + MARGIN.top + plotHeight - (value / maxValue) * plotHeight;
    parts.push(
      `<text x="${MARGIN.left}" y="${top + 18}" font-size="13" font-weight="bold">${escapeXml(panel.title)} (${escapeXml(panel.unit)})</text>`,
    );
    parts.push(
      `<rect x="${MARGIN.left}" y="${top + MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#bbb"/>`,
    );
    for (const fraction of [0, 0.5, 1]) {
      const value = maxValue * fraction;
      parts.push(
        `<text x="${MARGIN.left - 6}" y="${y(value) + 4}" font-size="10" text-anchor="end">${value.toFixed(value < 10 ? 1 : 0)}</text>`,
      );
    }
    if (panel.limit) {
      const ly = y(panel.limit.value);
      parts.push(
        `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${ly}" y2="${ly}" stroke="#d33" stroke-dasharray="4 3"/>`,
      );
      parts.push(
        `<text x="${MARGIN.left + plotWidth - 4}" y="${ly - 4}" font-size="10" text-anchor="end" fill="#d33">${escapeXml(panel.limit.label)}</text>`,
      );
    }
    (panel.comparisons ?? []).forEach((comparison, which) => {
      const colour = COMPARISON_COLOURS[which % COMPARISON_COLOURS.length]!;
      const drawn = comparison.points.filter((point) => Number.isFinite(point.value));
      if (drawn.length === 0) return;
      const line = drawn
        .map((point, i) => `${i === 0 ? 'M' : 'L'}${x(point.clients).toFixed(1)},${y(point.value).toFixed(1)}`)
        .join(' ');
      parts.push(`<path d="${line}" fill="none" stroke="${colour}" stroke-width="1.5" stroke-dasharray="5 3"/>`);
      const last = drawn.at(-1)!;
      parts.push(
        `<text x="${(x(last.clients) - 4).toFixed(1)}" y="${(y(last.value) - 5).toFixed(1)}" font-size="10" text-anchor="end" fill="${colour}">${escapeXml(comparison.label)}</text>`,
      );
    });
    const path = panel.points
      .map((point, i) => `${i === 0 ? 'M' : 'L'}${x(point.clients).toFixed(1)},${y(point.value).toFixed(1)}`)
      .join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="#2a6fdb" stroke-width="2"/>`);
    for (const point of panel.points) {
      parts.push(
        `<circle cx="${x(point.clients).toFixed(1)}" cy="${y(point.value).toFixed(1)}" r="3" fill="#2a6fdb"/>`,
      );
      parts.push(
        `<text x="${x(point.clients).toFixed(1)}" y="${top + PANEL_HEIGHT - 8}" font-size="10" text-anchor="middle">${point.clients}</text>`,
      );
    }
  });
  const height = 30 + panels.length * PANEL_HEIGHT + 20;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${MARGIN.left}" y="20" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    ...parts,
    `<text x="${WIDTH / 2}" y="${height - 6}" font-size="11" text-anchor="middle">connected clients</text>`,
    '</svg>',
  ].join('\n');
}
