/** The ROC curve as a small self-contained SVG (logged as a run artifact). */
export function rocSvg(
  curves: Array<{ name: string; points: Array<[number, number]>; auc: number }>,
): string {
  const size = 320;
  const pad = 40;
  const plot = size - 2 * pad;
  const colors = ['#2563eb', '#dc2626', '#059669'];
  const x = (fpr: number) => (pad + fpr * plot).toFixed(1);
  const y = (tpr: number) => (size - pad - tpr * plot).toFixed(1);
  const paths = curves.map(
    (curve, index) =>
      `<polyline fill="none" stroke="${colors[index % colors.length]}" stroke-width="2" points="${curve.points
        .map(([fpr, tpr]) => `${x(fpr)},${y(tpr)}`)
        .join(' ')}"/>` +
      `<text x="${pad + 8}" y="${pad + 16 + index * 16}" font-size="12" fill="${colors[index % colors.length]}">${escapeXml(curve.name)} AUC ${curve.auc.toFixed(3)}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" font-family="sans-serif">`,
    `<rect x="${pad}" y="${pad}" width="${plot}" height="${plot}" fill="#fff" stroke="#999"/>`,
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#ccc" stroke-dasharray="4 4"/>`,
    ...paths,
    `<text x="${size / 2}" y="${size - 8}" font-size="12" text-anchor="middle">false positive rate</text>`,
    `<text x="12" y="${size / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 12 ${size / 2})">true positive rate</text>`,
    '</svg>',
  ].join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (character) => `&#${character.charCodeAt(0)};`);
}
