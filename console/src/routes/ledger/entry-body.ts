// What a ledger entry's canonical JSON body says: the event type, subject, acting organization and time.
export interface EventBody {
  v?: number;
  eventId?: string;
  type?: string;
  subject?: { type?: string; id?: string };
  actorOrg?: string | null;
  at?: string;
  contentHash?: string;
}

/** The body's fields for display; a body that is not a JSON object shows nothing rather than failing the page. */
export function readEventBody(body: string): EventBody {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

export const abbreviate = (text: string | null | undefined, length = 8) =>
  text ? (text.length > length ? `${text.slice(0, length)}…` : text) : '—';
