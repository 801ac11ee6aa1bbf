// The flow editor: the document as JSON under its graph, validated by the
// server with each problem shown on its node; save a new version, or save and
// publish; publish an earlier version again to roll back.
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, type Problem } from '../../api/client.ts';
import type { FlowVersion } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { onLinkClick } from '../../router.ts';
import { ErrorState, Loading, errorText } from '../../ui/states.tsx';
import { useResource } from '../../ui/use-resource.ts';
import { FlowGraph } from './flow-graph.tsx';
import { flowNodes } from './flow-nodes.ts';
import { FlowVersions } from './flow-versions.tsx';

type Outcome =
  | { kind: 'valid' }
  | { kind: 'problems'; problems: Problem[] }
  | { kind: 'json'; message: string }
  | { kind: 'saved'; version: number; published: boolean }
  | { kind: 'error'; message: string };

export function FlowEditor({ name }: { name: string }) {
  const { t } = useI18n();
  const path = `/api/v1/ivr/flows/${encodeURIComponent(name)}`;
  const flow = useResource(() => api<FlowVersion>('GET', path), [path]);
  const [text, setText] = useState('');
  const [loadedText, setLoadedText] = useState('');
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);

  /** Selects a node's entry in the text and scrolls to it. */
  const showNode = (id: string) => {
    const area = textarea.current;
    const at = text.indexOf(`${JSON.stringify(id)}: {`);
    if (!area || at < 0) return;
    area.focus();
    area.setSelectionRange(at, at + JSON.stringify(id).length);
    const line = text.slice(0, at).split('\n').length - 1;
    area.scrollTop = Math.max(0, line * (area.scrollHeight / text.split('\n').length) - 40);
  };

  useEffect(() => {
    if (!flow.data) return;
    const initial = JSON.stringify(flow.data.document, null, 2);
    setText(initial);
    setLoadedText(initial);
  }, [flow.data]);

  const parsed = useMemo(() => {
    try {
      return { document: JSON.parse(text) as unknown };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }, [text]);
  const { start, nodes } = useMemo(
    () => flowNodes('document' in parsed ? parsed.document : undefined),
    [parsed],
  );

  const problems = outcome?.kind === 'problems' ? outcome.problems : [];
  const byNode = new Map<string, Problem[]>();
  for (const p of problems) if (p.node) byNode.set(p.node, [...(byNode.get(p.node) ?? []), p]);
  const loose = problems.filter((p) => !p.node || !nodes.some((n) => n.id === p.node));
  const problemCounts = new Map([...byNode].map(([id, list]) => [id, list.length]));

  const send = async (mode: 'validate' | 'save' | 'publish') => {
    if (!('document' in parsed)) {
      setOutcome({ kind: 'json', message: parsed.error });
      return;
    }
    setBusy(true);
    try {
      if (mode === 'validate') {
        const result = await api<{ ok: boolean; problems: Problem[] }>('POST', `${path}/validate`, {
          document: parsed.document,
        });
        setOutcome(result.ok ? { kind: 'valid' } : { kind: 'problems', problems: result.problems });
      } else {
        const saved = await api<{ version: number; published: boolean }>('PUT', path, {
          document: parsed.document,
          publish: mode === 'publish',
        });
        setOutcome({ kind: 'saved', version: saved.version, published: saved.published });
        setLoadedText(text);
        flow.reload();
      }
    } catch (failure) {
      if (failure instanceof ApiError && failure.problems.length)
        setOutcome({ kind: 'problems', problems: failure.problems });
      else setOutcome({ kind: 'error', message: errorText(t, failure) });
    } finally {
      setBusy(false);
    }
  };

  if (flow.error) return <ErrorState error={flow.error} onRetry={flow.reload} />;
  if (!flow.data) return <Loading />;

  return (
    <div className="flow-editor">
      <div className="toolbar">
        <a href="/admin" onClick={onLinkClick}>
          ← {t('flow.back')}
        </a>
        <h1>{t('flow.title', { name })}</h1>
        <span className="muted">{t('flow.version', { version: flow.data.version })}</span>
        {text !== loadedText && <span className="tag warn-tag">{t('flow.dirty')}</span>}
        <span className="spacer" />
        <button type="button" disabled={busy} onClick={() => void send('validate')}>
          {t('flow.validate')}
        </button>
        <button type="button" disabled={busy} onClick={() => void send('save')}>
          {t('flow.save')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => void send('publish')}
        >
          {t('flow.publish')}
        </button>
      </div>
      <div role="status" aria-live="polite" className="outcome" data-testid="flow-outcome">
        {outcome?.kind === 'valid' && <p className="ok">{t('flow.valid')}</p>}
        {outcome?.kind === 'saved' && (
          <p className="ok">
            {t(outcome.published ? 'flow.savedPublished' : 'flow.saved', {
              version: outcome.version,
            })}
          </p>
        )}
        {outcome?.kind === 'json' && (
          <p className="form-error">{t('flow.invalidJson', { message: outcome.message })}</p>
        )}
        {outcome?.kind === 'error' && <p className="form-error">{outcome.message}</p>}
        {outcome?.kind === 'problems' && (
          <p className="form-error">{t('flow.problems', { count: outcome.problems.length })}</p>
        )}
      </div>
      <section className="flow-graph" aria-labelledby="graph-title" data-testid="flow-graph">
        <h2 id="graph-title">{t('flow.graph')}</h2>
        <FlowGraph start={start} nodes={nodes} problems={problemCounts} onSelect={showNode} />
      </section>
      <div className="editor-split">
        <div className="editor-text">
          <label htmlFor="flow-json">{t('flow.document')}</label>
          <textarea
            ref={textarea}
            id="flow-json"
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              // Ctrl+Enter validates without leaving the keyboard.
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void send('validate');
              }
            }}
          />
        </div>
        <aside className="editor-nodes" aria-labelledby="nodes-title">
          <h2 id="nodes-title">{t('flow.nodes')}</h2>
          {loose.length > 0 && (
            <div className="node node-bad">
              <strong>{t('flow.flowProblems')}</strong>
              <ul className="problems">
                {loose.map((p, i) => (
                  <li key={i}>
                    <code>{p.field}</code> {p.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <ul className="nodes">
            {nodes.map((node) => {
              const mine = byNode.get(node.id) ?? [];
              return (
                <li
                  key={node.id}
                  className={`node${mine.length ? ' node-bad' : ''}`}
                  data-testid={`node-${node.id}`}
                  data-problems={mine.length}
                >
                  <div className="node-head">
                    <button
                      type="button"
                      className="link"
                      title={t('flow.showInText')}
                      onClick={() => showNode(node.id)}
                    >
                      {node.id}
                    </button>
                    <span className="tag">{node.type}</span>
                    {node.id === start && <span className="tag start-tag">{t('flow.start')}</span>}
                  </div>
                  {node.next.length > 0 && (
                    <div className="node-next">→ {node.next.join(', ')}</div>
                  )}
                  {mine.length > 0 && (
                    <ul className="problems" role="list">
                      {mine.map((p, i) => (
                        <li key={i}>
                          <code>{p.field}</code> {p.message}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ul>
        </aside>
      </div>
      <FlowVersions
        path={path}
        publishedVersion={flow.data.flow.publishedVersion}
        latestVersion={flow.data.flow.latestVersion}
        onPublished={flow.reload}
      />
    </div>
  );
}
