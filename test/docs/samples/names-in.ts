import ts from 'typescript';

/** The names a piece of code refers to, the names it declares, and the types it declares at its top level. */
export interface Names {
  readonly used: ReadonlySet<string>;
  readonly declared: ReadonlySet<string>;
  readonly topLevelTypes: readonly string[];
}

type Named = ts.Node & { readonly name?: ts.Node };

// Nodes whose `name` declares a binding.
const declares = (parent: ts.Node): boolean =>
  ts.isVariableDeclaration(parent) ||
  ts.isParameter(parent) ||
  ts.isBindingElement(parent) ||
  ts.isFunctionDeclaration(parent) ||
  ts.isFunctionExpression(parent) ||
  ts.isClassDeclaration(parent) ||
  ts.isClassExpression(parent) ||
  ts.isInterfaceDeclaration(parent) ||
  ts.isTypeAliasDeclaration(parent) ||
  ts.isEnumDeclaration(parent) ||
  ts.isTypeParameterDeclaration(parent) ||
  ts.isImportSpecifier(parent) ||
  ts.isImportClause(parent) ||
  ts.isNamespaceImport(parent) ||
  ts.isImportEqualsDeclaration(parent);

// Nodes whose `name` is a property or a member: never a free name.
const namesAMember = (parent: ts.Node): boolean =>
  ts.isPropertyAccessExpression(parent) ||
  ts.isPropertyAssignment(parent) ||
  ts.isPropertySignature(parent) ||
  ts.isPropertyDeclaration(parent) ||
  ts.isMethodDeclaration(parent) ||
  ts.isMethodSignature(parent) ||
  ts.isGetAccessorDeclaration(parent) ||
  ts.isSetAccessorDeclaration(parent) ||
  ts.isEnumMember(parent) ||
  ts.isQualifiedName(parent) ||
  ts.isExportSpecifier(parent);

/** Reads a sample syntactically (no program): which exported names it may need an import for. */
export function namesIn(code: string): Names {
  const source = ts.createSourceFile('sample.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const used = new Set<string>();
  const declared = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const parent = node.parent as Named;
      if (declares(parent) && parent.name === node) declared.add(node.text);
      else if (ts.isBindingElement(parent) && parent.propertyName === node) {
        // `{ agent: who }`: `agent` is the property read
      } else if (ts.isImportSpecifier(parent) && parent.propertyName === node) {
        // `import { a as b }`: `b` is the binding
      } else if (!(namesAMember(parent) && (parent.name === node || (ts.isQualifiedName(parent) && parent.right === node)))) {
        used.add(node.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const topLevelTypes = source.statements.flatMap((statement) =>
    ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) ? [statement.name.text] : [],
  );
  return { used, declared, topLevelTypes };
}
