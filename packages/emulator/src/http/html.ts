/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A minimal page shell. The pages are for people and for test scripts that read forms with a
 * regular expression, so they carry no script except where a form must post itself.
 */
export function page(title: string, body: string, options: { readonly autoSubmit?: boolean } = {}): string {
  const onload = options.autoSubmit === true ? ' onload="document.forms[0].submit()"' : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem}.banner{background:#fff4ce;padding:.5rem;border-radius:4px;font-size:.85rem}
input{display:block;width:100%;margin:.3rem 0 .8rem;padding:.45rem;box-sizing:border-box}
button{padding:.45rem 1rem;margin:.2rem 0}.error{color:#a4262c}.account{display:block;width:100%;text-align:left}</style>
</head><body${onload}><p class="banner">entra-guard emulator — not Microsoft Entra ID</p>
${body}
</body></html>`;
}

/** Hidden inputs for every field, for forms that carry a request along. */
export function hiddenFields(fields: Readonly<Record<string, string>>): string {
  return Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n');
}
