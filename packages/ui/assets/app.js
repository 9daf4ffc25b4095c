// The UI's router: hash routes, so the same page works from a live handler and from a static export.
import * as data from './data.js';
import { errorBox, h, mount } from './dom.js';
import { comparePage } from './pages-compare.js';
import { driftPage } from './pages-drift.js';
import { modelPage, modelsPage, versionPage } from './pages-registry.js';
import { runPage } from './pages-run.js';
import { experimentsPage, runsPage } from './pages-runs.js';

async function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [pathPart, queryPart = ''] = hash.split('?');
  const parts = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(queryPart);
  const main = document.getElementById('main');
  main.dataset.page = parts[0] ?? 'experiments';
  delete main.dataset.ready;
  try {
    if (parts.length === 0) await experimentsPage();
    else if (parts[0] === 'experiments' && parts[1]) await runsPage(parts[1], params);
    else if (parts[0] === 'runs' && parts[1]) await runPage(parts[1]);
    else if (parts[0] === 'compare') await comparePage(params);
    else if (parts[0] === 'models' && parts[2]) await versionPage(parts[1], parts[2]);
    else if (parts[0] === 'models' && parts[1]) await modelPage(parts[1]);
    else if (parts[0] === 'models') await modelsPage();
    else if (parts[0] === 'drift') await driftPage(parts[1]);
    else mount(h('h1', null, 'Not found'), h('p', null, 'No such page.'));
  } catch (error) {
    mount(h('h1', null, 'Something went wrong'), errorBox(error));
  }
  main.dataset.ready = 'true';
}

window.addEventListener('hashchange', route);
document.getElementById('mode').textContent = data.isStatic
  ? 'static export · read-only'
  : data.canWrite
    ? 'write mode'
    : 'read-only';
// uPlot's script is deferred and this module runs after it, so charts can be drawn from the first page on
route();
