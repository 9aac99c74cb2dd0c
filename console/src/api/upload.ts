// Uploads a file as a dataset's next version with XMLHttpRequest, the one browser API that reports how much of a
// request body has been sent (fetch has no upload progress). Same token handling as the typed client; errors
// arrive as the server's problem (413 too large, 415 not a known format, 422 malformed naming the row).
import { ApiError, accessToken, recoverFrom401, type Problem } from './client';
import type { paths } from './schema';

export type UploadedVersion =
  paths['/api/v1/datasets/{idOrSlug}/versions']['post']['responses'][201]['content']['application/json'];

export interface UploadOptions {
  /** Classify every row instead of a sample. */
  full: boolean;
  /** The id the server records this upload under, to follow its phases while the request runs. */
  uploadId: string;
  /** Bytes of the file sent so far, of its size. */
  onProgress: (sent: number, total: number) => void;
  /** The whole body is sent: the server is converting, profiling, classifying and scoring. */
  onSent: () => void;
}

export interface Upload {
  done: Promise<UploadedVersion>;
  abort: () => void;
}

/** Thrown when the person cancels; the UI goes back to idle rather than showing an error. */
export class UploadAborted extends Error {}

export function uploadVersion(idOrSlug: string, file: File, options: UploadOptions): Upload {
  let current: XMLHttpRequest | undefined;
  let aborted = false;
  const query = new URLSearchParams({ upload: options.uploadId, ...(options.full && { scan: 'full' }) });
  const url = `/api/v1/datasets/${encodeURIComponent(idOrSlug)}/versions?${query}`;

  const send = () =>
    new Promise<{ status: number; body: unknown; statusText: string }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      current = xhr;
      xhr.open('POST', url);
      const token = accessToken();
      if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.setRequestHeader('accept', 'application/json, application/problem+json');
      xhr.responseType = 'text';
      xhr.upload.onprogress = (e) => {
        // The body is multipart: a few hundred bytes of framing around the file. Shown as a share of the file.
        if (e.lengthComputable && e.total > 0)
          options.onProgress(Math.min(file.size, Math.round((e.loaded / e.total) * file.size)), file.size);
      };
      xhr.upload.onload = () => {
        options.onProgress(file.size, file.size);
        options.onSent();
      };
      xhr.onload = () => {
        resolve({ status: xhr.status, body: parseJson(xhr.responseText), statusText: xhr.statusText });
      };
      xhr.onerror = () => reject(networkError());
      xhr.ontimeout = () => reject(networkError());
      xhr.onabort = () => reject(new UploadAborted('aborted'));
      const form = new FormData();
      form.append('file', file, file.name);
      xhr.send(form);
    });

  const done = (async () => {
    let answer = await send();
    if (answer.status === 401 && !aborted && (await recoverFrom401(answer.body as Partial<Problem>))) {
      options.onProgress(0, file.size);
      answer = await send();
    }
    if (answer.status === 201) return answer.body as UploadedVersion;
    const p = (answer.body ?? {}) as Partial<Problem>;
    throw new ApiError({
      type: p.type ?? 'about:blank',
      title: p.title ?? answer.statusText,
      status: p.status ?? answer.status,
      detail: p.detail ?? (answer.statusText || `HTTP ${answer.status}`),
      code: p.code ?? `HTTP_${answer.status}`,
      ...(p.errors && { errors: p.errors }),
    });
  })();

  return {
    done,
    abort: () => {
      aborted = true;
      current?.abort();
    },
  };
}

/** The answer's JSON, or null when there is none (an empty body, or a proxy's HTML page). */
function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

const networkError = () =>
  new ApiError({
    type: 'about:blank',
    title: 'Network error',
    status: 0,
    detail: 'The connection failed before the server answered',
    code: 'NETWORK_ERROR',
  });
