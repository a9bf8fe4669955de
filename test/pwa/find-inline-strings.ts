import ts from 'typescript';

/** A user-facing text written in code instead of the catalogues. */
export interface InlineString {
  line: number;
  text: string;
}

/**
 * Attributes whose values are for the machine, not the reader: a literal there is fine. Any other
 * attribute (aria-label, title, placeholder, alt, a component's `text` or `label`…) is read by
 * someone, so its literal must come from the catalogues.
 */
const TECHNICAL_ATTRIBUTES = new Set([
  'class',
  'className',
  'id',
  'key',
  'type',
  'href',
  'src',
  'rel',
  'target',
  'role',
  'name',
  'for',
  'htmlFor',
  'value',
  'accept',
  'autocomplete',
  'autoComplete',
  'inputMode',
  'enterKeyHint',
  'pattern',
  'lang',
  'scope',
  'colSpan',
  'rowSpan',
  'min',
  'max',
  'step',
  'dir',
  'method',
  'action',
  'download',
  'tone',
  'mode',
  'kind',
  // ConnectionProblem's `what` names a case ('meeting' | 'page'), not a text.
  'what',
  'd',
  'viewBox',
  'fill',
  'stroke',
  'width',
  'height',
  'size',
  'loading',
  'decoding',
  'preload',
  'aria-hidden',
  'aria-live',
  'aria-controls',
  'aria-current',
  'aria-describedby',
  'aria-labelledby',
  'aria-haspopup',
  'aria-keyshortcuts',
  'aria-atomic',
  'aria-relevant',
  'aria-orientation',
]);

/** Texts with no words in them: symbols and punctuation the catalogues need not hold. */
const NO_WORDS = /^[^\p{L}]*$/u;
/** What looks like a sentence or a label rather than an identifier: a capital first letter, or words with spaces. */
const PROSE = /^\s*\p{Lu}|\p{L}\s+\p{L}|…$/u;

/**
 * The literal user-facing strings of a .tsx file: JSX text with letters, literals (and the text of
 * template strings) given to any attribute a reader sees, and sentence-like literals in JSX children
 * expressions (`{muted ? 'Unmute' : 'Mute'}`). A `t('key')` call's key is not text.
 */
export function findInlineStrings(fileName: string, source: string): InlineString[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: InlineString[] = [];
  const report = (node: ts.Node, text: string) =>
    found.push({ line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, text: text.trim() });

  /** Literals inside an expression a reader sees; `anyWord`: flag every word, not only sentence-like ones. */
  const scanExpression = (node: ts.Node, anyWord: boolean): void => {
    if (ts.isCallExpression(node) && isTranslation(node)) return;
    if (ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node)) return visit(node);
    // `kind === 'audio'`: a comparison's operands are identifiers, not text.
    if (ts.isBinaryExpression(node) && isComparison(node.operatorToken.kind)) return;
    if (ts.isElementAccessExpression(node)) return scanExpression(node.expression, anyWord);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (isText(node.text, anyWord)) report(node, node.text);
      return;
    }
    if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
      if (isText(parts, anyWord)) report(node, parts);
      for (const span of node.templateSpans) scanExpression(span.expression, anyWord);
      return;
    }
    ts.forEachChild(node, (child) => scanExpression(child, anyWord));
  };

  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node)) {
      // Entities (`&lt;`) are symbols, not words.
      if (!NO_WORDS.test(node.text.replace(/&#?\w+;/g, ''))) report(node, node.text);
      return;
    }
    if (ts.isJsxAttribute(node)) {
      const name = node.name.getText(file);
      if (TECHNICAL_ATTRIBUTES.has(name) || name.startsWith('data-') || name.startsWith('on')) return;
      if (node.initializer) scanExpression(node.initializer, true);
      return;
    }
    if (ts.isJsxExpression(node) && ts.isJsxElement(node.parent)) {
      if (node.expression) scanExpression(node.expression, false);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function isTranslation(call: ts.CallExpression): boolean {
  const callee = call.expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  return name === 't';
}

function isComparison(kind: ts.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.EqualsEqualsEqualsToken ||
    kind === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
    kind === ts.SyntaxKind.EqualsEqualsToken ||
    kind === ts.SyntaxKind.ExclamationEqualsToken
  );
}

function isText(text: string, anyWord: boolean): boolean {
  if (NO_WORDS.test(text)) return false;
  return anyWord || PROSE.test(text);
}
