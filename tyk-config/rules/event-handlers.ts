// The rejected-request webhooks (docs/edge.md "Rejected requests"): only Tyk's Go webhook handler,
// every rejection event wired to the BFF's /_edge/rejected with our template and the shared secret,
// and no event name Tyk never fires.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BREAKER_EVENT, REJECTION_EVENTS } from '../../bff/rejected/tyk-events';
import { TYK_EVENTS } from '../tyk-event-names';
import { problem, type ApiRule, type Problem } from '../problem';

export const REJECTED_TARGET_SUFFIX = '/_edge/rejected';
export const REQUEST_TEMPLATE = 'sw-edge-rejected.json';
export const BREAKER_TEMPLATE = 'sw-edge-breaker.json';

function handlersOf(api: any): [string, any[]][] {
  const events = api?.event_handlers?.events;
  if (!events || typeof events !== 'object') return [];
  return Object.entries(events).map(([name, list]) => [name, Array.isArray(list) ? list : []]);
}

export const noJsvmEventHandler: ApiRule = (context) =>
  handlersOf(context.api).flatMap(([event, list]) =>
    list.flatMap((handler, i) =>
      handler?.handler_name === 'eh_dynamic_handler'
        ? [
            problem(
              context,
              `event_handlers.events.${event}[${i}].handler_name`,
              'eh_dynamic_handler (a JSVM event handler) runs every event on one otto VM shared by all goroutines: 16 concurrent bad-key requests killed Tyk 5.8.15 ("fatal error: concurrent map read and map write"). Use eh_web_hook_handler.',
            ),
          ]
        : [],
    ),
  );

export const knownEventNames: ApiRule = (context) =>
  handlersOf(context.api)
    .filter(([event]) => !TYK_EVENTS.includes(event))
    .map(([event]) => {
      const spelt = TYK_EVENTS.find((known) => known.toLowerCase() === event.toLowerCase());
      const hint = spelt ? `; Tyk spells it ${spelt}` : '';
      return problem(context, `event_handlers.events.${event}`, `Tyk never fires an event named ${event} (it accepts the name silently)${hint}.`);
    });

export const rejectionWebhooks: ApiRule = (context) => {
  const events = context.api?.event_handlers?.events ?? {};
  const secret = context.api?.config_data?.sw_edge_secret;
  const problems: Problem[] = [];
  for (const event of REJECTION_EVENTS) {
    const field = `event_handlers.events.${event}`;
    const template = event === BREAKER_EVENT ? BREAKER_TEMPLATE : REQUEST_TEMPLATE;
    const list: any[] = Array.isArray(events[event]) ? events[event] : [];
    const ours = list.findIndex(
      (h) =>
        h?.handler_name === 'eh_web_hook_handler' &&
        typeof h.handler_meta?.target_path === 'string' &&
        h.handler_meta.target_path.endsWith(REJECTED_TARGET_SUFFIX),
    );
    if (ours < 0) {
      problems.push(
        problem(context, field, `no eh_web_hook_handler posting to the BFF's ${REJECTED_TARGET_SUFFIX}: requests refused with ${event} leave no trace.`),
      );
      continue;
    }
    const meta = list[ours].handler_meta;
    const at = `${field}[${ours}].handler_meta`;
    if (meta.disabled === true) problems.push(problem(context, `${at}.disabled`, 'our webhook is disabled.'));
    if (String(meta.method ?? '').toUpperCase() !== 'POST')
      problems.push(problem(context, `${at}.method`, `must be POST (Tyk defaults an unknown method to GET), got ${JSON.stringify(meta.method)}.`));
    if (typeof meta.template_path !== 'string' || path.posix.basename(meta.template_path) !== template) {
      problems.push(
        problem(context, `${at}.template_path`, `must name our template ${template} (deploy/tyk/templates/), got ${JSON.stringify(meta.template_path)}.`),
      );
    } else {
      let text: string | undefined;
      try {
        text = readFileSync(path.join(context.templateDir, template), 'utf8');
      } catch {
        problems.push(problem(context, `${at}.template_path`, `${template} is not in ${context.templateDir}.`));
      }
      if (text !== undefined && /\.Meta\.Key\b/.test(text))
        problems.push(problem(context, `${at}.template_path`, `${template} sends .Meta.Key, the key the client presented; never send it.`));
    }
    const key = meta.header_map?.['x-sw-edge-key'];
    if (typeof key !== 'string' || key === '')
      problems.push(problem(context, `${at}.header_map.x-sw-edge-key`, 'missing: the BFF answers 403 to a webhook without the shared secret.'));
    else if (typeof secret === 'string' && secret !== key)
      problems.push(
        problem(context, `${at}.header_map.x-sw-edge-key`, 'differs from config_data.sw_edge_secret: the BFF has one EDGE_SHARED_SECRET for both.'),
      );
  }
  return problems;
};
