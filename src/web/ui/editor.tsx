// The scenario editor: CodeMirror with YAML highlighting, completion from the JSON Schema, and
// the loader's first error shown inline (underline and gutter mark) as you type.

import { autocompletion, type CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { yaml } from "@codemirror/lang-yaml";
import { type Diagnostic, linter, lintGutter } from "@codemirror/lint";
import { basicSetup, EditorView } from "codemirror";
import { useEffect, useRef } from "preact/hooks";
import schemaJson from "../../../schema/scenario.schema.json" with { type: "json" };
import type { LintMessage } from "../scenario_lint.ts";
import { type JsonSchema, keySuggestions, valueSuggestions } from "../schema_complete.ts";
import { cursorPlace } from "../yaml_path.ts";

const SCHEMA = schemaJson as unknown as JsonSchema;

export interface EditorProps {
  /** The document; read when the editor starts and whenever `revision` changes. */
  readonly text: string;
  /** Raised by the page when it replaces the document (another built-in picked), not on typing. */
  readonly revision: number;
  readonly onChange: (text: string) => void;
  /** The loader's verdict on a text (synchronous; small documents). */
  readonly lint: (text: string) => LintMessage | null;
}

function complete(ctx: CompletionContext): CompletionResult | null {
  const place = cursorPlace(ctx.state.doc.toString(), ctx.pos);
  if (place === null) return null;
  const options =
    place.kind === "key"
      ? keySuggestions(SCHEMA, place.path)
      : valueSuggestions(SCHEMA, place.path, place.key!);
  if (options.length === 0 || (place.from === ctx.pos && !ctx.explicit && place.kind === "value"))
    return null;
  return {
    from: place.from,
    options: options.map((o) => ({ label: o.label, apply: o.apply, info: o.info || undefined })),
    validFor: /^[\w.-]*$/,
  };
}

function diagnostics(view: EditorView, lint: EditorProps["lint"]): Diagnostic[] {
  const doc = view.state.doc;
  const m = lint(doc.toString());
  if (m === null) return [];
  if (m.line === 0) return [{ from: 0, to: Math.min(doc.length, 1), severity: "error", message: m.message }];
  const line = doc.line(Math.min(m.line, doc.lines));
  const from = Math.min(line.from + Math.max(0, m.column - 1), line.to);
  const to = Math.max(from + 1, line.to);
  return [{ from, to: Math.min(to, doc.length), severity: "error", message: m.message }];
}

export function Editor({ text, revision, onChange, lint }: EditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const handlers = useRef({ onChange, lint });
  handlers.current = { onChange, lint };

  useEffect(() => {
    const v = new EditorView({
      doc: text,
      parent: host.current!,
      extensions: [
        basicSetup,
        yaml(),
        autocompletion({ override: [complete] }),
        lintGutter(),
        linter((ev) => diagnostics(ev, (t) => handlers.current.lint(t)), { delay: 250 }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) handlers.current.onChange(u.state.doc.toString());
        }),
      ],
    });
    view.current = v;
    return () => v.destroy();
  }, []);

  // Only a replacement from outside touches the document: comparing it with `text` on every render
  // would race the user's typing (a render of an older text undoing a newer keystroke).
  useEffect(() => {
    const v = view.current;
    if (v !== null && revision > 0 && v.state.doc.toString() !== text)
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
  }, [revision]);

  return <div class="editor" ref={host} data-testid="editor" />;
}
