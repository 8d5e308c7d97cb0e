// The pasted token lives in this tab's sessionStorage only: gone when the tab closes, never in a URL or a log.
const KEY = 'herald.token';

export function loadToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function saveToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}
