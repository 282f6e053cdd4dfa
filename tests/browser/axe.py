"""axe-core in the browser tests, measuring the same content once.

axe-core comes from the axe-playwright-python package, which ships axe.min.js: nothing is fetched. It is put
into the page with page.evaluate, which a Content Security Policy does not block.

Three rules cost most of axe's time: colour contrast (about two thirds of it on the scorecard), links told apart
from the text around them, and target size. Each judges an element by itself, its ancestors and the style sheets.
So a part of a page already found clean by them, byte for byte the same, in the same place among the same
ancestors, at the same window size under the same style sheets (as when another person opens the same page, or
the same header on the next page), is not measured by those three rules again: only what is new is. Every other
rule runs on the whole page each time.

A part is an element and everything inside it. Its key is a hash of: its markup and the state of its form fields
(the CSRF token's value left out), each ancestor's tag, classes, style, hidden and open state and position among
its siblings, the window size, and the style sheets. The keys found clean are kept on disk (known_clean.py), so
a later run, such as CI's PostgreSQL run after its SQLite one, starts from them.

A whole page can be known clean too: checked_once() skips every rule, and the caller's own checks (the
battery's reflow at 320 px), on a page whose head, body, title and style sheets are byte for byte those of a page
that passed them all before, at the same window size, with the same axe-core, browser and static files.
"""

from pathlib import Path

import axe_playwright_python

from .known_clean import KnownClean

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, as the Public Sector Bodies Accessibility Regulations require,
# and axe's best practices (landmarks, heading order, one h1), which catch what a screen reader user trips on.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Of what axe can load before it runs (its "preload"), only the media: no rule of these tags reads the style
# sheets' rules (the one that does, css-orientation-lock, is experimental), and loading them again took about a
# fifth of each run on the whole page. The local rules below need neither (_RUN).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": [*WCAG_TAGS, "best-practice"]},
    "resultTypes": ["violations"],
    "preload": {"assets": ["media"]},
}

# The costly rules that judge an element by itself, its ancestors and the style sheets alone.
LOCAL_RULES = ["color-contrast", "link-in-text-block", "target-size"]

# What was found clean, in this run and in earlier ones: parts ("part:" keys) and whole pages ("page:" keys).
_KNOWN = KnownClean()

# Every element of the body, in document order (kept on the page for the run), and its key.
_KEYS = """() => {
  const hash = (text) => {
    let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (h2 >>> 0).toString(16).padStart(8, "0") + (h1 >>> 0).toString(16).padStart(8, "0");
  };
  const markup = new Map();
  const inside = (el) => {
    const parts = [el.tagName];
    for (const attribute of el.attributes) {
      if (attribute.name === "value" && el.getAttribute("name") === "csrfmiddlewaretoken") continue;
      parts.push(`${attribute.name}=${attribute.value}`);
    }
    if ("value" in el && el.getAttribute("name") !== "csrfmiddlewaretoken") parts.push(`:${el.value}:${el.checked}`);
    for (const node of el.childNodes) {
      if (node.nodeType === Node.ELEMENT_NODE) parts.push("<" + inside(node));
      else if (node.nodeType === Node.TEXT_NODE) parts.push("'" + node.data);
    }
    const key = hash(parts.join("\\u0001"));
    markup.set(el, key);
    return key;
  };
  inside(document.body);
  // A linked style sheet by its path, not the test server's port: its content is in the run's generation.
  const sheets = [...document.styleSheets]
    .map((sheet) => (sheet.href ? new URL(sheet.href).pathname : sheet.ownerNode.textContent)).join("|");
  const frame = `${innerWidth}x${innerHeight}|${hash(sheets)}`;
  const own = (el) => ["class", "style", "hidden", "open", "aria-hidden"]
    .map((name) => el.getAttribute(name)).join("|") + el.tagName;
  const elements = [], keys = [];
  const walk = (el, place) => {
    elements.push(el);
    keys.push(hash(`${frame}|${place}|${markup.get(el)}`));
    const children = el.children, below = hash(`${place}>${own(el)}`);
    for (let i = 0; i < children.length; i++) walk(children[i], `${below}#${i}/${children.length}`);
  };
  walk(document.body, own(document.documentElement));
  window.__axeElements = elements;
  const html = document.documentElement;
  const page = hash([frame, document.title, html.getAttribute("lang"), html.getAttribute("dir"),
    inside(document.head), keys[0]].join("\\u0002"));
  return {page, keys};
}"""

# Runs axe: every rule but the local ones on the whole page, then the local ones on all but the parts known
# clean (given by their place in the list above). Returns the violations and the places of the parts found clean.
_RUN = """async ({known, local, options}) => {
  const elements = window.__axeElements;
  const seen = new Set(known.map((i) => elements[i]));
  const outermost = [...seen].filter((el) => !seen.has(el.parentElement));
  for (const el of outermost) el.setAttribute("data-axe-seen", "");
  const others = await axe.run(document, {
    ...options, rules: Object.fromEntries(local.map((id) => [id, {enabled: false}])),
  });
  let found = [];
  if (!seen.has(document.body)) {
    const context = outermost.length ? {exclude: [["[data-axe-seen]"]]} : document;
    const only = {runOnly: {type: "rule", values: local}, elementRef: true, preload: false};
    found = (await axe.run(context, {...options, ...only})).violations;
  }
  const faulty = new Set();
  for (const violation of found) {
    for (const node of violation.nodes) {
      for (let el = node.element; el; el = el.parentElement) faulty.add(el);
    }
  }
  const clean = [];
  elements.forEach((el, i) => { if (!faulty.has(el) && !el.closest("[data-axe-seen]")) clean.push(i); });
  for (const el of outermost) el.removeAttribute("data-axe-seen");
  const plain = found.map((violation) => ({...violation, nodes: violation.nodes.map(({element, ...node}) => node)}));
  return {violations: [...others.violations, ...plain], clean};
}"""


_WHOLE = "() => document.readyState === 'complete' && document.body !== null"


def _measure_keys(page):
    """The page's key and each part's."""
    # A page still loading after a click has no body yet to measure: wait until the document is whole. Asked
    # once first: wait_for_function polls on animation frames, a frame's wait (about 30 ms) even when it is.
    if not page.evaluate(_WHOLE):
        page.wait_for_function(_WHOLE)
    _KNOWN.open(page.context.browser.version)
    return page.evaluate(_KEYS)


def _run_axe(page, keys):
    # axe-core (550 KB of script) is put into the page only when it is to run there: not on a page known clean.
    if page.evaluate("() => typeof window.axe === 'undefined'"):
        page.evaluate(AXE_SOURCE)
    known = [place for place, key in enumerate(keys) if f"part:{key}" in _KNOWN]
    outcome = page.evaluate(_RUN, {"known": known, "local": LOCAL_RULES, "options": AXE_OPTIONS})
    _KNOWN.add(f"part:{keys[place]}" for place in outcome["clean"])
    return outcome["violations"]


def axe_violations(page):
    """axe-core's violations on the page as it is now (WCAG 2.2 AA and best practices)."""
    return _run_axe(page, _measure_keys(page)["keys"])


def checked_once(page, check):
    """The problems check(page, violations) finds, given axe-core's violations; none, at once, for a page known clean.

    `check` adds the caller's own checks of the page to axe's (the battery's reflow) and returns every problem
    found. A page with none is known clean from then on, in this run and later ones, until anything it is made
    of changes. Returns (problems, whether the page was measured).
    """
    measured = _measure_keys(page)
    key = f"page:{measured['page']}"
    if key in _KNOWN:
        return [], False
    problems = check(page, _run_axe(page, measured["keys"]))
    if not problems:
        _KNOWN.add([key])
    return problems, True
