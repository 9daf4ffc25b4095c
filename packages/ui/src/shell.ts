/**
 * The one HTML page of the UI. It holds no user data (the scripts fetch JSON and write it into the page as
 * text), so escaping is not needed here; `mode` and `write` are from a fixed set.
 */
export function shellHtml(options: { mode: 'live' | 'static'; write: boolean }): string {
  return `<!doctype html>
<html lang="en" data-mode="${options.mode === 'static' ? 'static' : 'live'}" data-write="${options.write ? 'true' : 'false'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Plinth</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="assets/uPlot.min.css">
<link rel="stylesheet" href="assets/app.css">
<script src="assets/uPlot.iife.min.js" defer></script>
<script type="module" src="assets/app.js"></script>
</head>
<body>
<header class="top">
<a class="brand" href="#/">Plinth</a>
<nav><a href="#/">Experiments</a><a href="#/models">Models</a><a href="#/drift">Drift</a></nav>
<span class="mode" id="mode"></span>
</header>
<main id="main"><p class="muted">Loading…</p></main>
<noscript>The Plinth UI needs JavaScript.</noscript>
</body>
</html>
`;
}
