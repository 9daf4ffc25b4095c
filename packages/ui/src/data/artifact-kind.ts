const KINDS: [RegExp, string][] = [
  [/\.svg$/i, 'svg'],
  [/\.(png|jpe?g|gif|webp|avif|bmp)$/i, 'image'],
  [/\.(json|jsonl|ndjson)$/i, 'json'],
  [/\.(csv|tsv)$/i, 'csv'],
  [/\.(txt|log|md|ya?ml|toml|ini|cfg|py|ts|js|sql|sh|html?|xml|rst|out|err)$/i, 'text'],
];

/** How the run page previews an artifact, by its file name. */
export function artifactKind(path: string): string {
  for (const [pattern, kind] of KINDS) if (pattern.test(path)) return kind;
  return 'binary';
}

const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
};

/** The content type an artifact is served with: images as themselves, everything else as bytes. */
export function artifactContentType(path: string): string {
  const extension = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
  return Object.hasOwn(CONTENT_TYPES, extension) ? CONTENT_TYPES[extension]! : 'application/octet-stream';
}
