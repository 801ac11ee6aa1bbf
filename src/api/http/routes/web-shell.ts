// Serves the browser app (the Vite build in dist/web) at `/`: files as they
// are, any other non-API path as index.html (the app routes in the browser).
import { stat } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { HttpApp } from '../http-app.ts';

/** Hashed build output never changes under the same name: cache it for a year. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';
/** Unhashed files (favicon and the like) may change with a release. */
const FILE_CACHE = 'public, max-age=3600';

const notBuilt = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Hotline</title>
<style>body{font:16px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:36rem;margin:10vh auto;padding:0 1rem;color:#1b2733}code{background:#eef1f4;padding:.1rem .3rem;border-radius:3px}</style>
</head>
<body>
<h1>Hotline</h1>
<p>The web app is not built yet. Run <code>npm run build</code> (or <code>npm start</code>, which builds first), then reload this page.</p>
<p>网页应用尚未构建。请运行 <code>npm run build</code>，然后刷新本页。</p>
<p>The API works meanwhile: <a href="/api/v1/openapi.json">OpenAPI document</a>.</p>
</body>
</html>
`;

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * `webRoot` is the folder holding the built app (the composition root knows where the package
 * sits); without it, or before a build, `/` explains how to build.
 */
export async function registerWebShell(app: HttpApp, webRoot?: string): Promise<void> {
  await app.register(fastifyStatic, { serve: false });

  app.get(
    '/*',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      let path: string;
      try {
        path = decodeURIComponent(request.url.split('?')[0]!);
      } catch {
        return reply.callNotFound();
      }
      // API paths that no route matched keep the API's not-found answer.
      if (path === '/api' || path.startsWith('/api/')) return reply.callNotFound();
      if (!webRoot || !(await isFile(join(webRoot, 'index.html'))))
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(notBuilt);
      const relative = normalize(path).replace(/^[/\\]+/, '');
      const file = join(webRoot, relative);
      const hashed = relative.startsWith(`assets${sep}`);
      const inside = file.startsWith(webRoot + sep);
      if (inside && relative !== 'index.html' && (await isFile(file))) {
        reply.header('cache-control', hashed ? ASSET_CACHE : FILE_CACHE);
        return reply.sendFile(relative, webRoot, { cacheControl: false, dotfiles: 'deny' });
      }
      // An asset of an older build is gone: a 404, not a page the browser would run as script.
      if (hashed) return reply.callNotFound();
      // The app's own routes (/desk, /wallboard, …): always the latest index.html, which names
      // the current hashed assets.
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html', webRoot, { cacheControl: false });
    },
  );
}
