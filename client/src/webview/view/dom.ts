/** A tiny element builder: the panel builds its DOM with `textContent` only, never `innerHTML`, so no text is markup. */
export type Child = Node | string | undefined | null | false;

export type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces a container's children, keeping keyboard focus (and the caret) on the element with the same `data-focus`. */
export function replaceChildren(container: HTMLElement, children: readonly Child[]): void {
  const active = document.activeElement;
  const focusId = active instanceof HTMLElement && container.contains(active) ? active.dataset['focus'] : undefined;
  const caret = active instanceof HTMLInputElement ? [active.selectionStart, active.selectionEnd] : undefined;
  container.textContent = '';
  append(container, children);
  if (focusId === undefined) return;
  const again = container.querySelector<HTMLElement>(`[data-focus="${CSS.escape(focusId)}"]`);
  if (!again) return;
  again.focus();
  if (again instanceof HTMLInputElement && caret && caret[0] !== null && caret[1] !== null) {
    try {
      again.setSelectionRange(caret[0], caret[1]);
    } catch {
      // Inputs of type number do not support selection ranges.
    }
  }
}
