// Calls the Hotline API with the session cookie; every failure becomes an
// ApiError carrying the server's code, message, field and problems.
export interface Problem {
  field: string;
  message: string;
  node?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Anyone listening for a lost session (the shell sends the user back to sign in). */
const sessionListeners = new Set<() => void>();
export function onSessionLost(listener: () => void): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  let response: Response;
  // A Blob (an uploaded file) goes as it is, with the content-type the caller gives.
  const raw = body instanceof Blob;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined || raw ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: raw ? body : JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'offline', 'The server cannot be reached.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    // A proxy's HTML error page: fall through with the status.
  }
  if (!response.ok) {
    const error = (json as { error?: Partial<ApiError> & { problems?: Problem[] } } | undefined)
      ?.error;
    if (response.status === 401 && !path.endsWith('/auth/login'))
      sessionListeners.forEach((listener) => listener());
    throw new ApiError(
      response.status,
      error?.code ?? `http-${response.status}`,
      error?.message ?? `${response.status} ${response.statusText}`,
      error?.field,
      error?.problems ?? [],
    );
  }
  return json as T;
}
