/**
 * A GraphQL document read token by token, never parsed: how deeply its values and its selections
 * nest, and which root fields each operation selects. graphql-js parses recursively, so a document
 * nested a few thousand levels deep overflows the stack inside `parse` itself; this reads it with
 * an explicit stack of open brackets first. The same outline names the mutation fields of a request
 * that was refused before (or while) being parsed, for the audit trail.
 *
 * Values are the brackets opened inside parentheses (arguments, variable definitions, directive
 * arguments); selections are the braces outside them. The reading stops at the first token the
 * parser would stop at too (a lexical error or a closing bracket that does not match), at
 * `maxTokens`, or as soon as a nesting passes `stopAbove`.
 */
import { Lexer, Source, type Token, TokenKind } from 'graphql';

export interface DocumentOutline {
  /** The deepest nesting of objects and lists inside parentheses. */
  valueNesting: number;
  /** The deepest nesting of selection sets (inline fragments included). */
  selectionNesting: number;
  definitions: OutlineDefinition[];
}

export interface OutlineDefinition {
  kind: 'query' | 'mutation' | 'subscription' | 'fragment';
  name: string | undefined;
  /** Fields at the root of its selection set, inline fragments looked through, aliases set aside. */
  rootFields: string[];
  /** Fragments spread at the root. */
  spreads: string[];
}

export interface OutlineLimits {
  maxTokens: number;
  stopAbove?: { valueNesting: number; selectionNesting: number };
}

/** What a bracket opened: `root` is a selection set whose fields are the definition's root fields. */
type Frame = 'paren' | 'list' | 'object' | 'selection' | 'root';

const CLOSES: Partial<Record<TokenKind, readonly Frame[]>> = {
  [TokenKind.PAREN_R]: ['paren'],
  [TokenKind.BRACKET_R]: ['list'],
  [TokenKind.BRACE_R]: ['object', 'selection', 'root'],
};
const DEFINITION_KEYWORDS = new Set(['query', 'mutation', 'subscription', 'fragment']);

export function outlineDocument(text: string, limits: OutlineLimits): DocumentOutline {
  const reader = new OutlineReader(limits.stopAbove);
  const lexer = new Lexer(new Source(text));
  for (let tokens = 0; tokens < limits.maxTokens; tokens += 1) {
    let token: Token;
    try {
      token = lexer.advance();
    } catch {
      break;
    }
    if (token.kind === TokenKind.EOF || !reader.read(token)) break;
  }
  return reader.outline;
}

/**
 * The operation a request runs (the one named, or the only one) when it is a mutation, with every
 * root field it selects, through fragment spreads too; `undefined` for anything else.
 */
export function selectedMutation(outline: DocumentOutline, operationName: string | undefined) {
  const chosen = chosenOperation(outline, operationName);
  if (chosen?.kind !== 'mutation') return undefined;
  const fragments = new Map(outline.definitions.filter((definition) => definition.kind === 'fragment').map((f) => [f.name, f]));
  const fields = new Set(chosen.rootFields);
  const spreads = [...chosen.spreads];
  const seen = new Set<string>();
  for (let spread = spreads.pop(); spread !== undefined; spread = spreads.pop()) {
    const fragment = fragments.get(spread);
    if (seen.has(spread) || !fragment) continue;
    seen.add(spread);
    for (const field of fragment.rootFields) fields.add(field);
    spreads.push(...fragment.spreads);
  }
  return { name: chosen.name, fields: [...fields] };
}

/** As graphql-js picks it: the operation named, or the only one when no name is given. */
function chosenOperation(outline: DocumentOutline, operationName: string | undefined): OutlineDefinition | undefined {
  const operations = outline.definitions.filter((definition) => definition.kind !== 'fragment');
  if (operationName !== undefined) return operations.find((operation) => operation.name === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

class OutlineReader {
  readonly outline: DocumentOutline = { valueNesting: 0, selectionNesting: 0, definitions: [] };
  readonly #stopAbove: OutlineLimits['stopAbove'];
  readonly #frames: Frame[] = [];
  #values = 0;
  #selections = 0;
  #definition: OutlineDefinition | undefined;
  #previous: Token | undefined;
  /** In a root selection set: whether the next `{` belongs to a field or to an inline fragment. */
  #opening: 'field' | 'fragment' | undefined;
  #afterTypeCondition = false;

  constructor(stopAbove: OutlineLimits['stopAbove']) {
    this.#stopAbove = stopAbove;
  }

  /** Takes one token; false when reading should stop. */
  read(token: Token): boolean {
    const more = this.#take(token);
    this.#previous = token;
    return more;
  }

  #take(token: Token): boolean {
    switch (token.kind) {
      case TokenKind.BRACE_L:
        return this.#open(this.#braceFrame());
      case TokenKind.BRACKET_L:
        return this.#open('list');
      case TokenKind.PAREN_L:
        return this.#open('paren');
      case TokenKind.BRACE_R:
      case TokenKind.BRACKET_R:
      case TokenKind.PAREN_R:
        return this.#close(token.kind);
      case TokenKind.NAME:
        this.#name(token.value);
        return true;
      case TokenKind.SPREAD:
        if (this.#top() === 'root') this.#opening = 'fragment';
        return true;
      case TokenKind.COLON:
        // At the root of a selection set a colon follows an alias: the name before it was no field.
        if (this.#top() === 'root') this.#definition?.rootFields.pop();
        return true;
      default:
        return true;
    }
  }

  #top(): Frame | undefined {
    return this.#frames.at(-1);
  }

  #braceFrame(): Frame {
    const top = this.#top();
    if (top === undefined) {
      this.#definition ??= this.#begin('query');
      return 'root';
    }
    if (top === 'paren' || top === 'list' || top === 'object') return 'object';
    return top === 'root' && this.#opening === 'fragment' ? 'root' : 'selection';
  }

  #open(frame: Frame): boolean {
    this.#frames.push(frame);
    if (frame === 'list' || frame === 'object') this.#values += 1;
    if (frame === 'selection' || frame === 'root') {
      this.#selections += 1;
      this.#opening = undefined;
    }
    this.outline.valueNesting = Math.max(this.outline.valueNesting, this.#values);
    this.outline.selectionNesting = Math.max(this.outline.selectionNesting, this.#selections);
    const stop = this.#stopAbove;
    return !stop || (this.#values <= stop.valueNesting && this.#selections <= stop.selectionNesting);
  }

  #close(kind: TokenKind): boolean {
    const frame = this.#top();
    if (frame === undefined || !CLOSES[kind]?.includes(frame)) return false;
    this.#frames.pop();
    if (frame === 'list' || frame === 'object') this.#values -= 1;
    if (frame === 'selection' || frame === 'root') this.#selections -= 1;
    // A definition ends with its selection set, not with its variable definitions' parentheses.
    if (frame === 'root' && this.#frames.length === 0) this.#definition = undefined;
    return true;
  }

  #name(value: string): void {
    const top = this.#top();
    const previous = this.#previous?.kind;
    if (top === undefined) {
      if (this.#definition === undefined && DEFINITION_KEYWORDS.has(value)) {
        this.#definition = this.#begin(value as OutlineDefinition['kind']);
      } else if (this.#definition && this.#definition.name === undefined && previous === TokenKind.NAME) {
        // The name right after the keyword (a fragment's `on Type` comes later and is not taken).
        if (DEFINITION_KEYWORDS.has(this.#previous?.value ?? '')) this.#definition.name = value;
      }
      return;
    }
    if (top !== 'root' || previous === TokenKind.AT) return;
    if (previous === TokenKind.SPREAD) {
      if (value === 'on') this.#afterTypeCondition = true;
      else {
        this.#definition?.spreads.push(value);
        this.#opening = undefined;
      }
      return;
    }
    if (this.#afterTypeCondition) {
      this.#afterTypeCondition = false;
      return;
    }
    this.#definition?.rootFields.push(value);
    this.#opening = 'field';
  }

  #begin(kind: OutlineDefinition['kind']): OutlineDefinition {
    const definition: OutlineDefinition = { kind, name: undefined, rootFields: [], spreads: [] };
    this.outline.definitions.push(definition);
    return definition;
  }
}
