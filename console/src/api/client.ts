// The typed API client, generated from the committed openapi.json, with token handling and refresh.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Problem = components['schemas']['Problem'];

const STORAGE_KEY = 'liutong.session';

interface StoredSession {
  accessToken: string;
  refreshToken: string;
}

let session: StoredSession | null = (() => {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as StoredSession | null;
  } catch {
    return null;
  }
})();

const listeners = new Set<() => void>();

export function setSession(next: StoredSession | null): void {
  session = next;
  if (next) localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  else localStorage.removeItem(STORAGE_KEY);
  listeners.forEach((l) => l());
}

export const hasSession = (): boolean => session !== null;
export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let refreshing: Promise<boolean> | null = null;

async function refresh(): Promise<boolean> {
  const current = session;
  if (!current) return false;
  refreshing ??= fetch('/api/v1/auth/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: current.refreshToken }),
  })
    .then(async (res) => {
      if (!res.ok) return false;
      const pair = (await res.json()) as StoredSession;
      setSession({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
      return true;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** The bearer token, for requests the typed client cannot make (uploads that report progress). */
export const accessToken = (): string | undefined => session?.accessToken;

/**
 * After a 401 outside the typed client: refreshes an expired token (true: send again) or, like the client's
 * middleware, ends the session.
 */
export async function recoverFrom401(problem: Partial<Problem> | null): Promise<boolean> {
  if (problem?.code === 'TOKEN_EXPIRED' && (await refresh())) return true;
  setSession(null);
  return false;
}

const auth: Middleware = {
  onRequest({ request }) {
    if (session) request.headers.set('authorization', `Bearer ${session.accessToken}`);
    return request;
  },
  async onResponse({ request, response }) {
    if (response.status !== 401 || request.url.includes('/auth/')) return response;
    const problem = (await response
      .clone()
      .json()
      .catch(() => null)) as Problem | null;
    if (problem?.code === 'TOKEN_EXPIRED' && (await refresh())) {
      const retry = new Request(request, { headers: new Headers(request.headers) });
      retry.headers.set('authorization', `Bearer ${session!.accessToken}`);
      return fetch(retry);
    }
    setSession(null);
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '/' });
api.use(auth);

/** Thrown by `unwrap` so that React Query and forms see one error shape: the server's problem. */
export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail);
    this.problem = problem;
  }
}

export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    const p = (error ?? {}) as Partial<Problem>;
    throw new ApiError({
      type: p.type ?? 'about:blank',
      title: p.title ?? response.statusText,
      status: p.status ?? response.status,
      detail: p.detail ?? response.statusText,
      code: p.code ?? `HTTP_${response.status}`,
      ...(p.errors && { errors: p.errors }),
    });
  }
  return data as T;
}
