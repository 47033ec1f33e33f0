// Injected into every page the browser tests open (JupyterLab and Voila): window.__kme.
// * controls(root): find every widget control, tag it with data-kme-id, describe it;
// * signature(scope): fingerprints of what an app displays, excluding the controls themselves:
//   its figures (ipympl canvases, images) and its other outputs (Output and HTML widgets);
// * arm(id), finished(), result(): record the time of the next user input (keydown, pointer,
//   change) and the time at which the figure first differs from before the input. A change of
//   the other outputs alone counts only if no figure changes within GRACE_MS after it: the
//   latency measured is the time to the updated figure whenever the app has one.
window.__kme = (() => {
  const FIGURE = [".jupyter-matplotlib-canvas-div canvas", ".widget-image", ".jp-RenderedImage img"].join(", ");
  const OTHER = [".widget-output", ".widget-html-content"].join(", ");
  const DISPLAY = FIGURE + ", " + OTHER;
  const CONTROL = ".jupyter-widgets, .lm-Widget[class*='widget-']"; // ToggleButtons lack .jupyter-widgets
  const GRACE_MS = 2000;

  function fnv(h, value) {
    return Math.imul(h ^ value, 16777619) >>> 0;
  }

  function hashText(text) {
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) h = fnv(h, text.charCodeAt(i));
    return h;
  }

  function hashCanvas(canvas) {
    if (!canvas.width || !canvas.height) return "empty";
    let ctx = null;
    try {
      ctx = canvas.getContext("2d", { willReadFrequently: true });
    } catch (e) {
      ctx = null;
    }
    if (!ctx) return "url" + hashText(canvas.toDataURL());
    const pixels = new Uint32Array(ctx.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
    let h = 2166136261;
    for (let i = 0; i < pixels.length; i++) h = fnv(h, pixels[i]);
    return canvas.width + "x" + canvas.height + ":" + h;
  }

  // The outermost output area holding el (the app's whole view), else the cell, else the page.
  function scopeOf(el) {
    let scope = null;
    for (let node = el; node; node = node.parentElement) {
      if (node.classList && node.classList.contains("jp-OutputArea-output")) scope = node;
    }
    scope = scope || el.closest(".jp-Cell") || document.body;
    return scope.querySelector(DISPLAY) ? scope : document.body;
  }

  function figureSignature(scope) {
    const parts = [];
    for (const node of scope.querySelectorAll(FIGURE)) {
      if (node.tagName === "CANVAS") parts.push(hashCanvas(node));
      else parts.push("img" + hashText(node.src || node.innerHTML));
    }
    return parts.join("|");
  }

  function otherSignature(scope) {
    const parts = [];
    for (const node of scope.querySelectorAll(OTHER)) {
      // an Output widget's text, not the figures inside it (those are in figureSignature)
      if (node.classList.contains("widget-output")) parts.push("out" + hashText(node.innerText));
      else parts.push("html" + hashText(node.innerHTML));
    }
    return parts.join("|");
  }

  function signature(scope) {
    return figureSignature(scope) + "#" + otherSignature(scope);
  }

  function clean(text) {
    return (text || "").replace(/[\u200b\s]+/g, " ").trim();
  }

  function labelOf(widget) {
    for (const sel of [".widget-label", ".widget-label-basic"]) {
      const node = widget.querySelector(sel);
      if (node && clean(node.textContent)) return clean(node.textContent);
    }
    return clean(widget.getAttribute("title")) || clean(widget.textContent).slice(0, 40);
  }

  function kindOf(widget) {
    const c = widget.classList;
    if (c.contains("widget-play")) return "play";
    if (c.contains("widget-slider") || c.contains("widget-hslider") || c.contains("widget-vslider")) return "slider";
    if (c.contains("widget-dropdown") || c.contains("widget-select") || c.contains("widget-select-multiple"))
      return "select";
    if (c.contains("widget-toggle-buttons")) return "toggle-buttons";
    if (c.contains("widget-radio")) return "radio";
    if (c.contains("widget-checkbox")) return "checkbox";
    if (c.contains("widget-toggle-button")) return "toggle-button";
    if (c.contains("widget-button")) return "button";
    if (widget.querySelector("input[type=number]")) return "number";
    if (c.contains("widget-text") || c.contains("widget-textarea") || c.contains("widget-colorpicker"))
      return "text";
    return null;
  }

  let next = 0;
  function controls(root) {
    const found = [];
    for (const widget of (root || document).querySelectorAll(CONTROL)) {
      if (widget.closest(".jupyter-matplotlib")) continue; // ipympl's own toolbar: not the app's
      if (widget.closest(".kmeans-edu-quiz")) continue; // a quiz drives no figure (tests/test_exercises.py)
      const kind = kindOf(widget);
      if (!kind) continue;
      let id = widget.getAttribute("data-kme-id");
      if (!id) {
        id = "k" + next++;
        widget.setAttribute("data-kme-id", id);
      }
      found.push({ id, kind, label: labelOf(widget) });
    }
    return found;
  }

  function element(id) {
    return document.querySelector(`[data-kme-id="${id}"]`);
  }

  function disabled(id) {
    const el = element(id);
    if (!el) return true;
    if (el.matches("button")) return el.disabled;
    if (el.querySelector(".noUi-target[disabled], .noUi-target[aria-disabled=true]")) return true;
    const inputs = el.querySelectorAll("select, input, button");
    return inputs.length > 0 && Array.from(inputs).every((node) => node.disabled);
  }

  const state = { t0: null, t1: null, tOther: null, via: null, scope: null, done: false, armed: false };
  let watch = null; // {scope, figure, other, observer, timer}

  for (const type of ["keydown", "pointerdown", "mousedown", "input", "change"]) {
    document.addEventListener(
      type,
      () => {
        if (state.armed && state.t0 === null) state.t0 = performance.now();
      },
      true,
    );
  }

  function stop(via, t1) {
    Object.assign(state, { via, t1, done: true, armed: false });
    disarm();
  }

  function disarm() {
    if (!watch) return;
    watch.observer.disconnect();
    clearInterval(watch.timer);
    watch = null;
  }

  // Compare the fingerprints with those taken before the input; `now` is when the page changed.
  function check(now) {
    if (!watch || !state.armed || state.t0 === null) return;
    if (figureSignature(watch.scope) !== watch.figure) return stop("figure", now);
    if (state.tOther === null && otherSignature(watch.scope) !== watch.other) state.tOther = now;
    if (state.tOther !== null && performance.now() - state.tOther > GRACE_MS) stop("output", state.tOther);
  }

  // Event-driven, so that the page does not compete with the kernel for the CPU: a canvas
  // draw call or a DOM mutation inside the watched scope triggers a comparison (a slow poll
  // covers anything else, e.g. the grace period of text-only changes).
  for (const name of ["drawImage", "putImageData"]) {
    const original = CanvasRenderingContext2D.prototype[name];
    CanvasRenderingContext2D.prototype[name] = function (...args) {
      const out = original.apply(this, args);
      if (watch && state.t0 !== null && watch.scope.contains(this.canvas)) {
        const now = performance.now();
        Promise.resolve().then(() => check(now)); // once the drawing code in progress is done
      }
      return out;
    };
  }

  // Take the fingerprints now, then watch until the figure (or, failing that, the text) changes.
  function arm(id) {
    disarm();
    const scope = scopeOf(element(id));
    const figure = figureSignature(scope);
    const other = otherSignature(scope);
    Object.assign(state, { scope, armed: true, t0: null, t1: null, tOther: null, via: null, done: false });
    const observer = new MutationObserver(() => check(performance.now()));
    observer.observe(scope, { subtree: true, childList: true, attributes: true, characterData: true });
    watch = { scope, figure, other, observer, timer: setInterval(() => check(performance.now()), 100) };
    return figure.length + other.length;
  }

  function finished() {
    return state.done;
  }

  function result() {
    disarm();
    state.armed = false;
    const ms = state.done ? state.t1 - state.t0 : null;
    return { done: state.done, via: state.via, t0: state.t0, t1: state.t1, ms };
  }

  // The kernel's status, when the page can see it (JupyterLab: set up by the test harness).
  const kernel = { status: null, since: 0 };
  function kernelStatus(status) {
    kernel.status = status;
    kernel.since = performance.now();
  }

  function kernelQuiet(t, quietMs) {
    return kernel.status === null || (kernel.status === "idle" && t - kernel.since >= quietMs);
  }

  // Resolve when the fingerprint of el's scope has not changed for quietMs and the kernel (if
  // known) has been idle as long: the previous change has finished updating (or after maxMs).
  async function settle(id, quietMs, maxMs) {
    const scope = id ? scopeOf(element(id)) : document.body;
    const start = performance.now();
    let last = signature(scope);
    let since = performance.now();
    while (performance.now() - start < maxMs) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = signature(scope);
      const t = performance.now();
      if (now !== last) {
        last = now;
        since = t;
      } else if (t - since >= quietMs && kernelQuiet(t, quietMs)) {
        return true;
      }
    }
    return false;
  }

  return { controls, disabled, arm, finished, result, settle, kernelStatus, signature, scopeOf, element };
})();
