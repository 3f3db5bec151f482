// The one way the page talks to the service: public /api/v2 endpoints with the bearer token,
// always on this page's own origin (never a host named in a link: it would receive the token).
// No automatic retries: 400/401/403/404 will not change by asking again, and a 429 says itself
// when to come back, so the person decides (each panel has a Retry button).

/** An error response turned into something a panel can show: the problem body's detail first. */
export class ApiError extends Error {
  constructor(status, problem = {}, retryAfter = null) {
    super(problem.detail || problem.title || defaultMessage(status));
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code || null;
    this.detail = this.message;
    this.errors = problem.errors || null;
    this.retryAfter = retryAfter;
  }
}

function defaultMessage(status) {
  if (status === 0) return 'Could not reach the API. Check the network.';
  if (status === 401) return 'The bearer token was refused.';
  if (status === 403) return 'You do not have permission for this.';
  if (status === 429) return 'Too many requests.';
  if (status >= 500) return 'The service had a problem answering. Try again shortly.';
  return `The request failed (HTTP ${status}).`;
}

/** Seconds to wait from a 429 or 503: the Retry-After header, else the body's retry_after. */
function retryAfterOf(response, problem) {
  const header = response.headers.get('Retry-After');
  if (header && /^\d+$/.test(header.trim())) return Number(header.trim());
  if (header) {
    const at = Date.parse(header);
    if (!Number.isNaN(at)) return Math.max(0, Math.ceil((at - Date.now()) / 1000));
  }
  if (problem && Number.isFinite(problem.retry_after)) return problem.retry_after;
  return null;
}

async function problemOf(response) {
  const type = response.headers.get('Content-Type') || '';
  if (!type.includes('json')) return {};
  try {
    return await response.json();
  } catch {
    return {};
  }
}

/**
 * A client bound to this page's origin and one token. `onUnauthorized` runs on any 401 (the page
 * goes back to sign-in); `onRateLimited` on any 429 (the page shows the wait).
 */
export function createClient({ token, onUnauthorized, onRateLimited }) {
  // Prefixed with the origin, so even a path starting with // cannot name another host.
  const origin = window.location.origin;

  function url(path, params) {
    const target = new URL(origin + path);
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== undefined && value !== null && value !== '') target.searchParams.set(key, value);
    }
    return target.toString();
  }

  /** A next/previous link from a page, pointed at this origin (behind a proxy the link's host may differ). */
  function follow(link) {
    const parsed = new URL(link, window.location.href);
    return new URL(origin + parsed.pathname + parsed.search).toString();
  }

  async function send(target, { signal, accept = 'application/json', body } = {}) {
    let response;
    try {
      const headers = { Authorization: `Bearer ${token}`, Accept: accept };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      response = await fetch(target, {
        method: body === undefined ? 'GET' : 'POST',
        body: body === undefined ? undefined : JSON.stringify(body),
        headers,
        // Revalidate every time: the browser's cache is keyed by URL, not by token, so a cached
        // answer for one person must never be shown to the next person signing in on this tab.
        cache: 'no-cache',
        credentials: 'omit',
        signal,
      });
    } catch (e) {
      if (e && e.name === 'AbortError') throw e;
      throw new ApiError(0);
    }
    if (!response.ok) {
      const problem = await problemOf(response);
      const error = new ApiError(response.status, problem, retryAfterOf(response, problem));
      if (response.status === 401 && onUnauthorized) onUnauthorized(error);
      if (response.status === 429 && onRateLimited) onRateLimited(error);
      throw error;
    }
    return response;
  }

  return {
    url,
    follow,
    /** GET a JSON endpoint under /api/v2/companies/{company}/… (or any absolute API link). */
    async get(pathOrLink, params, options = {}) {
      const target = /^https?:/.test(pathOrLink) ? follow(pathOrLink) : url(pathOrLink, params);
      const response = await send(target, options);
      return response.json();
    },
    /** POST a JSON body (the typed query endpoint, a read) and read the JSON answer. */
    async post(path, body, options = {}) {
      const response = await send(url(path), { ...options, body });
      return response.json();
    },
    /** GET a file (the CSV export) as a blob, with the file name from Content-Disposition. */
    async download(path, params, options = {}) {
      const response = await send(url(path, params), { ...options, accept: 'text/csv' });
      const disposition = response.headers.get('Content-Disposition') || '';
      const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
      return { blob: await response.blob(), filename: match ? decodeURIComponent(match[1]) : null };
    },
  };
}

/** The claims of a JWT, read without checking it (the server checks): for company_id, sub and exp. */
export function jwtClaims(token) {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const json = decodeURIComponent(
      Array.from(atob(padded), (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''),
    );
    const claims = JSON.parse(json);
    return claims && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}
