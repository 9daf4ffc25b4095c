// `npm run browser-inference -w examples`: builds the site and serves it on http://127.0.0.1:5173/. Open it,
// score a transaction, stop this server and reload: the page and the model still load (service worker and
// IndexedDB).
import { buildSite } from './site.ts';
import { startStaticServer } from './static-server.ts';

const { outDir } = await buildSite();
const server = await startStaticServer(outDir, Number(process.env.PORT ?? 5173));
console.log(`serving ${outDir} at ${server.url} (Ctrl-C to stop)`);
