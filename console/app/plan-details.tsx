/** One change plan as the change-plans view shows it: its summary, the steps table (with the steps to apply) and the findings it clears and creates. */
import { applicableSteps, type FieldChange, formatValue, type Plan, type Step } from './change-plan.ts';
import { connectionName } from './connections.ts';
import type { ConsolePlanFindingFragment } from './generated.ts';

interface Props {
  plan: Plan;
  chosen: ReadonlySet<string>;
  onChoose: (stepId: string, chosen: boolean) => void;
}

export function PlanDetails({ plan, chosen, onChoose }: Props) {
  const applicable = new Set(applicableSteps(plan).map((step) => step.id));
  return (
    <>
      <dl class="plan-summary" data-plan={plan.id}>
        <dt>Plan</dt>
        <dd class="plan-id">{plan.id}</dd>
        <dt>Domain</dt>
        <dd>{plan.domain}</dd>
        <dt>Target entity ID</dt>
        <dd class="entity-id">{plan.target?.entityId ?? '(metadata no longer readable)'}</dd>
        <dt>Expires</dt>
        <dd>{plan.expiresAt.slice(0, 19).replace('T', ' ')} UTC</dd>
        <dt>Status</dt>
        <dd>
          <span class={`badge plan-${plan.status.toLowerCase()}`} data-plan-status={plan.status}>
            {plan.status}
          </span>
        </dd>
      </dl>
      <div class="table-frame">
        <table class="steps">
          <caption>{plan.steps.length} steps, in the order an apply runs them</caption>
          <thead>
            <tr>
              <th scope="col">Apply</th>
              <th scope="col">Provider</th>
              <th scope="col">Connection</th>
              <th scope="col">Changes</th>
              <th scope="col">Status</th>
              <th scope="col">Reason or error</th>
            </tr>
          </thead>
          <tbody>
            {plan.steps.map((step) => (
              <StepRow
                key={step.id}
                step={step}
                applicable={applicable.has(step.id)}
                chosen={chosen.has(step.id)}
                onChoose={(value) => onChoose(step.id, value)}
              />
            ))}
          </tbody>
        </table>
      </div>
      <Findings title="Findings the plan clears" id="findings-cleared" findings={plan.findingsCleared} />
      <Findings title="Findings the plan creates" id="findings-created" findings={plan.findingsCreated} />
    </>
  );
}

function StepRow({
  step,
  applicable,
  chosen,
  onChoose,
}: {
  step: Step;
  applicable: boolean;
  chosen: boolean;
  onChoose: (chosen: boolean) => void;
}) {
  const name = step.connection ? connectionName(step.connection) : '(connection gone)';
  return (
    <tr data-step={step.id} data-provider={step.provider} data-status={step.status} data-connection={step.connection?.id}>
      <td data-label="Apply">
        <input
          type="checkbox"
          name="step"
          value={step.id}
          aria-label={`Apply ${step.id}: ${step.provider} ${name}`}
          checked={applicable && chosen}
          disabled={!applicable}
          onChange={(event) => onChoose(event.currentTarget.checked)}
        />{' '}
        <span class="muted">{step.id}</span>
      </td>
      <td data-label="Provider">{step.provider}</td>
      <th scope="row" data-label="Connection">
        {name}
      </th>
      <td data-label="Changes" class="changes">
        {step.changes.length === 0 ? <span class="muted">none</span> : <Changes changes={step.changes} />}
      </td>
      <td data-label="Status">
        <span class={`badge step-${step.status.toLowerCase()}`}>{step.status}</span>
      </td>
      <td data-label="Reason or error" class="reason">
        {step.reason ?? ''}
        {step.error && (
          <span class="step-error">
            {step.error.code}: {step.error.message}
          </span>
        )}
      </td>
    </tr>
  );
}

function Changes({ changes }: { changes: readonly FieldChange[] }) {
  return (
    <ul class="field-changes">
      {changes.map((change) => (
        <li key={change.field}>
          <code>{change.field}</code>:{' '}
          <span class={change.currentKnown && change.current !== null ? 'old' : 'muted'}>
            {formatValue(change.current, change.currentKnown)}
          </span>{' '}
          <span aria-hidden="true">→</span>
          <span class="sr-only">becomes</span> <span class="new">{formatValue(change.proposed)}</span>
        </li>
      ))}
    </ul>
  );
}

function Findings({ title, id, findings }: { title: string; id: string; findings: readonly ConsolePlanFindingFragment[] }) {
  return (
    <section aria-labelledby={id} class={id}>
      <h3 id={id}>
        {title} ({findings.length})
      </h3>
      {findings.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ul class="plan-findings">
          {findings.map((finding, index) => (
            <li key={`${finding.kind}-${index}`} data-kind={finding.kind}>
              <span class={`badge severity-${finding.severity.toLowerCase()}`}>{finding.severity}</span> {finding.summary}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
