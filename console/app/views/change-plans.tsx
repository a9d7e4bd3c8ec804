/**
 * Change plans: plan a domain's move onto new IdP metadata, review the steps, apply them (all or
 * the ticked ones) and read the plan again by id to watch each step's status. The plan's id is
 * kept in the URL (`#/plans?id=…`), so a reload of the page shows the same plan.
 */
import { useEffect, useState } from 'preact/hooks';
import { applicableSteps, type Plan, planOrError } from '../change-plan.ts';
import { request } from '../client.ts';
import {
  ConsoleApplySsoChangePlanDocument,
  ConsolePlanSsoChangeDocument,
  ConsoleProvidersDocument,
  ConsoleSsoChangePlanDocument,
  type SsoProvider,
} from '../generated.ts';
import { PlanDetails } from '../plan-details.tsx';
import { href } from '../route.ts';
import { Alert, QueryStatus } from '../status.tsx';
import { useQuery } from '../use-query.ts';

type Busy = 'Planning' | 'Applying' | 'Reading the plan';

export function ChangePlansView({ planId }: { planId: string | null }) {
  const [busy, setBusy] = useState<Busy | null>(null);
  const [problem, setProblem] = useState<string[]>([]);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [continueOnError, setContinueOnError] = useState(false);

  /** Runs one request at a time; whatever it answers replaces the plan shown, or fills the alert. */
  async function run(what: Busy, call: () => Promise<{ plan: Plan } | { error: string[] }>) {
    setBusy(what);
    setProblem([]);
    try {
      const outcome = await call();
      if ('error' in outcome) setProblem(outcome.error);
      else show(outcome.plan);
    } catch (error) {
      setProblem([error instanceof Error ? error.message : String(error)]);
    } finally {
      setBusy(null);
    }
  }

  function show(next: Plan) {
    setPlan(next);
    setChosen(new Set(applicableSteps(next).map((step) => step.id)));
    history.replaceState(null, '', href('plans', { id: next.id }));
  }

  const readPlan = (id: string) =>
    run('Reading the plan', async () => {
      const answer = await request(ConsoleSsoChangePlanDocument, { id });
      const found = answer.data.ssoChangePlan;
      return found ? { plan: found } : { error: [...answer.errors, `Plan ${id} is unknown or has expired: plan again.`] };
    });

  useEffect(() => {
    if (planId) void readPlan(planId);
  }, []);

  const apply = (current: Plan) => {
    const all = applicableSteps(current).every((step) => chosen.has(step.id));
    return run('Applying', async () => {
      const input = { planId: current.id, continueOnError, ...(all ? {} : { stepIds: [...chosen] }) };
      return planOrError((await request(ConsoleApplySsoChangePlanDocument, { input })).data.applySsoChangePlan);
    });
  };

  return (
    <section aria-labelledby="plans-title" aria-busy={busy !== null}>
      <h2 id="plans-title">Change plans</h2>
      <PlanForm
        busy={busy !== null}
        onPlan={(input) =>
          run('Planning', async () => planOrError((await request(ConsolePlanSsoChangeDocument, { input })).data.planSsoChange))
        }
      />
      {busy && (
        <p class="status" role="status">
          {busy}…
        </p>
      )}
      {problem.length > 0 && (
        <Alert>
          {problem.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </Alert>
      )}
      {plan && (
        <section aria-labelledby="plan-title" class="plan">
          <h3 id="plan-title">Plan for {plan.domain}</h3>
          <PlanDetails
            plan={plan}
            chosen={chosen}
            onChoose={(id, value) => {
              const next = new Set(chosen);
              if (value) next.add(id);
              else next.delete(id);
              setChosen(next);
            }}
          />
          <div class="filters plan-actions">
            <label class="inline">
              <input
                type="checkbox"
                name="continueOnError"
                checked={continueOnError}
                onChange={(event) => setContinueOnError(event.currentTarget.checked)}
              />
              Continue after a step that fails
            </label>
            <button type="button" disabled={busy !== null || chosen.size === 0} onClick={() => apply(plan)}>
              Apply {chosen.size} step{chosen.size === 1 ? '' : 's'}
            </button>
            <button type="button" disabled={busy !== null} onClick={() => readPlan(plan.id)}>
              Reload plan
            </button>
          </div>
        </section>
      )}
    </section>
  );
}

interface PlanInput {
  domain: string;
  metadataUrl?: string;
  metadataXml?: string;
  providers?: SsoProvider[];
}

/** Exactly one metadata source: the radio buttons choose which field is sent. */
function PlanForm({ busy, onPlan }: { busy: boolean; onPlan: (input: PlanInput) => void }) {
  const [providers, reloadProviders] = useQuery(ConsoleProvidersDocument, {});
  const [domain, setDomain] = useState('');
  const [source, setSource] = useState<'url' | 'xml'>('url');
  const [metadata, setMetadata] = useState({ url: '', xml: '' });
  const [only, setOnly] = useState<ReadonlySet<SsoProvider>>(new Set());
  return (
    <form
      class="plan-form"
      onSubmit={(event) => {
        event.preventDefault();
        const value = source === 'url' ? { metadataUrl: metadata.url.trim() } : { metadataXml: metadata.xml };
        onPlan({ domain: domain.trim(), ...value, ...(only.size > 0 ? { providers: [...only] } : {}) });
      }}
    >
      <label>
        Domain
        <input name="domain" required placeholder="acme.example" value={domain} onInput={(event) => setDomain(event.currentTarget.value)} />
      </label>
      <fieldset>
        <legend>New IdP metadata</legend>
        <label class="inline">
          <input type="radio" name="source" value="url" checked={source === 'url'} onChange={() => setSource('url')} />
          By URL
        </label>
        <label class="inline">
          <input type="radio" name="source" value="xml" checked={source === 'xml'} onChange={() => setSource('xml')} />
          Pasted XML
        </label>
        {source === 'url' ? (
          <label class="wide">
            Metadata URL
            <input
              name="metadataUrl"
              type="url"
              required
              value={metadata.url}
              onInput={(event) => setMetadata({ ...metadata, url: event.currentTarget.value })}
            />
          </label>
        ) : (
          <label class="wide">
            Metadata XML
            <textarea
              name="metadataXml"
              required
              rows={6}
              value={metadata.xml}
              onInput={(event) => setMetadata({ ...metadata, xml: event.currentTarget.value })}
            />
          </label>
        )}
      </fieldset>
      <fieldset>
        <legend>Providers (every enabled one when none is ticked)</legend>
        <QueryStatus state={providers} retry={reloadProviders} what="providers" />
        {providers.status === 'done' &&
          providers.data.providers.map((entry) => (
            <label class="inline" key={entry.provider}>
              <input
                type="checkbox"
                name="provider"
                value={entry.provider}
                disabled={!entry.enabled}
                checked={only.has(entry.provider)}
                onChange={(event) => {
                  const next = new Set(only);
                  if (event.currentTarget.checked) next.add(entry.provider);
                  else next.delete(entry.provider);
                  setOnly(next);
                }}
              />
              {entry.enabled ? entry.provider : `${entry.provider} (not enabled)`}
            </label>
          ))}
      </fieldset>
      <button type="submit" disabled={busy}>
        Plan
      </button>
    </form>
  );
}
