/**
 * The GraphQL side of `/metrics`: operations by name and type, with the time of each phase
 * (parse, validate, execute), of the whole operation and of its HTTP request, and the errors of
 * results. The series keep the names `@envelop/prometheus` gave them, whose plugin this replaces:
 * it labelled every request, a document that failed validation included, with whatever name the
 * caller chose, so each new name grew the page by about 10 KB; it also kept a summary (quantile
 * digests on every request) and walked each document for deprecated fields.
 *
 * Here only an operation that passed authentication and validation and was executed is counted,
 * under a label from `OperationLabels`. Errors are counted by phase, not by path: a path holds the
 * caller's aliases, another way to mint series.
 */

import type { Plugin } from 'graphql-yoga';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { GatewayContext } from '../context.ts';
import { errorsOf } from './error-facts.ts';
import { operationOf } from './operation.ts';
import type { OperationLabels } from './operation-labels.ts';

type Labels = { operationName: string; operationType: string };

/** Parse and validate times of a document that parsed, waiting for its execution. */
interface Phases {
  started: number;
  parse: number;
  validate: number;
}

export function useOperationMetrics(registry: Registry, names: OperationLabels): Plugin<GatewayContext> {
  const series = operationSeries(registry);
  const phases = new WeakMap<object, Phases>();
  const requestStarts = new WeakMap<Request, number>();
  const requestLabels = new WeakMap<Request, Labels>();
  return {
    onRequest({ request }) {
      requestStarts.set(request, performance.now());
    },
    onParse({ context }) {
      const started = performance.now();
      return ({ result }) => {
        if (!(result instanceof Error)) phases.set(context, { started, parse: seconds(started), validate: 0 });
      };
    },
    onValidate({ context }) {
      const timing = phases.get(context);
      if (!timing) return;
      const started = performance.now();
      return ({ valid }) => {
        if (valid) timing.validate = seconds(started);
        else phases.delete(context);
      };
    },
    onExecute({ args }) {
      const context = args.contextValue;
      const timing = phases.get(context);
      if (!timing) return;
      phases.delete(context);
      const operation = operationOf(args.document, args.operationName);
      const labels: Labels = {
        operationName: names.labelFor(operation.name, context.caller.scopes.size > 0),
        operationType: operation.type ?? 'unknown',
      };
      requestLabels.set(context.request, labels);
      series.parse.observe(labels, timing.parse);
      series.validate.observe(labels, timing.validate);
      const started = performance.now();
      return {
        onExecuteDone({ result }) {
          series.execute.observe(labels, seconds(started));
          series.duration.observe(labels, seconds(timing.started));
          series.requests.inc(labels);
          const errors = errorsOf(result).length;
          if (errors > 0) series.errors.inc({ ...labels, phase: 'execute' }, errors);
        },
      };
    },
    onResponse({ request, response }) {
      const labels = requestLabels.get(request);
      const started = requestStarts.get(request);
      if (!labels || started === undefined) return;
      series.http.observe({ ...labels, method: request.method, statusCode: response.status }, seconds(started));
    },
  };
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

function operationSeries(registry: Registry) {
  const labelNames = ['operationName', 'operationType'];
  const histogram = (name: string, help: string, extra: string[] = []) =>
    new Histogram({ name, help, labelNames: [...labelNames, ...extra], registers: [registry] });
  return {
    parse: histogram('graphql_envelop_phase_parse', 'Seconds spent parsing the document of an executed operation.'),
    validate: histogram('graphql_envelop_phase_validate', 'Seconds spent validating the document of an executed operation.'),
    execute: histogram('graphql_envelop_phase_execute', 'Seconds spent executing an operation.'),
    duration: histogram('graphql_envelop_request_duration', 'Seconds from the start of parsing to the end of execution.'),
    http: histogram('graphql_yoga_http_duration', 'Seconds from the HTTP request to its response, for executed operations.', [
      'method',
      'statusCode',
    ]),
    requests: new Counter({
      name: 'graphql_envelop_request',
      help: 'Operations executed.',
      labelNames,
      registers: [registry],
    }),
    errors: new Counter({
      name: 'graphql_envelop_error_result',
      help: 'Errors in the results of executed operations, by phase.',
      labelNames: [...labelNames, 'phase'],
      registers: [registry],
    }),
  };
}
