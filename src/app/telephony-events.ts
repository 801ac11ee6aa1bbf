// Telephony events the app writes to the event log on the telephony layer's behalf.
declare module '../store/event-catalogue.ts' {
  interface EventCatalogue {
    'sip.registered': {
      extension: string;
      contact: string;
      source: string;
      transport: string;
      userAgent: string | null;
      expiresAt: number;
    };
    'sip.unregistered': {
      extension: string;
      contact: string;
      reason: 'expired' | 'removed' | 'replaced';
    };
    'sip.extension-credentials-set': { extension: string; by: string };
  }
}

export {};
