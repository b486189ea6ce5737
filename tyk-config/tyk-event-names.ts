/**
 * Every event name Tyk fires for an API (gateway/event_system.go and internal/event, v5.8), in
 * Tyk's own spelling. An API definition may name any string; Tyk accepts an unknown one silently
 * and never fires it, so a misspelling is a webhook that never comes.
 */
export const TYK_EVENTS: readonly string[] = [
  'QuotaExceeded',
  'RatelimitExceeded',
  'AuthFailure',
  'KeyExpired',
  'VersionFailure',
  'OrgQuotaExceeded',
  'OrgRateLimitExceeded',
  'TriggerExceeded',
  'BreakerTriggered',
  'BreakerTripped',
  'BreakerReset',
  'HostDown',
  'HostUp',
  'TokenCreated',
  'TokenUpdated',
  'TokenDeleted',
  'CertificateExpiringSoon',
  'CertificateExpired',
  'UpstreamOAuthError',
];
