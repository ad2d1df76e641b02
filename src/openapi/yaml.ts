import { Document, visit, type YAMLMap, type YAMLSeq } from 'yaml';

/** A collection this short, written as one line, still reads at a glance. */
const ONE_LINE_CHARS = 100;

/**
 * The document as YAML. A short map or list (`{type: [string, "null"]}`, `{$ref: …}`, an enum,
 * a list of scopes) goes on one line: written out block style, a leaf schema takes a line per
 * keyword, which made a third of the text and no easier reading. Lists of maps keep their block
 * indentation off (`indentSeq`), as most hand-written OpenAPI documents do.
 */
export function toYaml(document: unknown): string {
  const yaml = new Document(document, { aliasDuplicateObjects: false });
  const oneLine = (_: unknown, node: YAMLMap | YAMLSeq) => {
    if (JSON.stringify(node.toJSON()).length <= ONE_LINE_CHARS) node.flow = true;
  };
  visit(yaml, { Map: oneLine, Seq: oneLine });
  return yaml.toString({ lineWidth: 0, flowCollectionPadding: false, indentSeq: false });
}
