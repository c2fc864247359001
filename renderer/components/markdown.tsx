import { memo, type ReactElement } from 'react';
import ReactMarkdown, { defaultUrlTransform } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';

/** Above this, text is shown as-is: parsing megabytes of markdown would stall the UI. */
const MAX_MARKDOWN_CHARS = 50_000;

// Session text is untrusted (it comes from models and tools). Raw HTML in it is shown as the
// text it is (`htmlAsText`), never parsed; rehype-sanitize strips anything dangerous markdown
// itself can produce; only http(s), mailto and in-page links survive `safeUrl`.
function safeUrl(url: string): string {
  const cleaned = defaultUrlTransform(url);
  return /^(https?:|mailto:|#)/i.test(cleaned) ? cleaned : '';
}

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

/** A remark plugin turning raw HTML nodes into plain text nodes, so `<img onerror>` reads as text. */
function htmlAsText() {
  return (tree: MdNode) => {
    const stack: MdNode[] = [tree];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'html') node.type = 'text';
      if (node.children) stack.push(...node.children);
    }
  };
}

const REMARK_PLUGINS = [remarkGfm, htmlAsText];
const REHYPE_PLUGINS = [rehypeSanitize];

const COMPONENTS = {
  a: ({ href, children }: { href?: string; children?: React.ReactNode }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
};

// Text without any markdown syntax renders as itself: no parse, which matters when a long feed
// mounts entries while scrolling.
const MARKDOWN_SYNTAX = /[*_`#[\]<>|~!\\]|^\s*(\d+[.)]|[-+])\s|\n\s*\n|https?:|www\./m;

// Parsed messages by text: a virtualized feed remounts entries as they scroll back into view.
const rendered = new Map<string, ReactElement>();
const MAX_RENDERED = 500;

function renderMarkdown(text: string): ReactElement {
  const cached = rendered.get(text);
  if (cached) return cached;
  // Called as a function, not mounted as a component, so the parsed tree itself is cached: the
  // synchronous `Markdown` of react-markdown is pure (no hooks).
  const element = ReactMarkdown({
    children: text,
    remarkPlugins: REMARK_PLUGINS,
    rehypePlugins: REHYPE_PLUGINS,
    urlTransform: safeUrl,
    components: COMPONENTS,
  });
  if (rendered.size >= MAX_RENDERED) rendered.delete(rendered.keys().next().value!);
  rendered.set(text, element);
  return element;
}

/** Markdown from a session, rendered safely. */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  if (text.length > MAX_MARKDOWN_CHARS) return <pre className="plain-text">{text}</pre>;
  if (!MARKDOWN_SYNTAX.test(text)) {
    return (
      <div className="markdown">
        <p className="markdown-plain">{text}</p>
      </div>
    );
  }
  return <div className="markdown">{renderMarkdown(text)}</div>;
});

/** Builds the markdown parser once while the app is idle: its first use costs a few hundred ms. */
export function warmUpMarkdown(): void {
  renderMarkdown('**Tracedeck** `ready` — [docs](https://example.com)');
}
