// funclab.explore: the view. All logic lives in Python (funclab.explorer);
// this draws the SVG it sends, reports clicks and keys, and marks what it
// says is highlighted (by the ids Graphviz copied from the DOT: n3, e7).

function button(text, title) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  if (title) b.title = title;
  return b;
}

function render({ model, el }) {
  const words = model.get("words");
  const root = document.createElement("div");
  root.className = "funclab-explorer";
  const picture = document.createElement("div");
  picture.className = "fx-picture";
  picture.setAttribute("role", "img");
  const pane = document.createElement("div");
  pane.className = "fx-pane";

  const label = document.createElement("label");
  label.textContent = `${words.layer} `;
  const select = document.createElement("select");
  select.className = "fx-layer";
  label.appendChild(select);

  const callBar = document.createElement("div");
  callBar.className = "fx-calls";
  callBar.setAttribute("role", "group");
  callBar.setAttribute("aria-label", words.calls);

  const toggle = button("", words.toggle);
  toggle.className = "fx-toggle";

  const details = document.createElement("pre");
  details.className = "fx-details";
  details.setAttribute("aria-live", "polite");

  pane.append(label, callBar, toggle, details);
  root.append(picture, pane);
  root.tabIndex = 0;
  el.appendChild(root);

  const send = (message) => model.send(message);

  function drawPicture() {
    picture.innerHTML = model.get("svg");
    const svg = picture.querySelector("svg");
    if (svg) picture.setAttribute("aria-label", svg.querySelector("title")?.textContent || words.graph);
    const boxes = model.get("boxes");
    for (const [id, box] of Object.entries(boxes)) {
      const g = picture.querySelector(`g.node[id="${id}"]`);
      if (!g) continue;
      g.classList.add("fx-clickable");
      g.addEventListener("click", () => {
        if (box.block) send({ event: "toggle", name: box.block });
        else send({ event: "select", path: box.path, call: null });
      });
    }
    const arrows = model.get("arrows");
    for (const [id, target] of Object.entries(arrows)) {
      const g = picture.querySelector(`g.edge[id="${id}"]`);
      if (!g) continue;
      g.classList.add("fx-clickable");
      g.addEventListener("click", () => send({ event: "select", path: target[0], call: target[1] }));
    }
    markHighlight();
  }

  function markHighlight() {
    for (const g of picture.querySelectorAll(".fx-selected")) g.classList.remove("fx-selected");
    const highlight = model.get("highlight");
    for (const id of [...highlight.boxes, ...highlight.arrows]) {
      picture.querySelector(`g[id="${id}"]`)?.classList.add("fx-selected");
    }
    const first = highlight.boxes.length ? picture.querySelector(`g[id="${highlight.boxes[0]}"]`) : null;
    if (first && typeof first.scrollIntoView === "function") first.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  function fillLayers() {
    select.replaceChildren();
    const none = document.createElement("option");
    none.value = "";
    none.textContent = words.choose;
    select.appendChild(none);
    for (const [path, text] of model.get("layers")) {
      const option = document.createElement("option");
      option.value = path;
      option.textContent = text;
      select.appendChild(option);
    }
    select.value = model.get("selected");
  }

  function fillCalls() {
    callBar.replaceChildren();
    const calls = model.get("calls");
    const current = model.get("call");
    if (calls.length > 1) {
      const previous = button("◀", words.previous);
      previous.addEventListener("click", () => send({ event: "step", delta: -1 }));
      callBar.appendChild(previous);
    }
    for (const call of calls) {
      const b = button(`#${call}`, `${words.call} ${call}`);
      b.setAttribute("aria-pressed", String(call === current));
      if (call === current) b.classList.add("fx-current");
      b.addEventListener("click", () => send({ event: "select", path: model.get("selected"), call }));
      callBar.appendChild(b);
    }
    if (calls.length > 1) {
      const next = button("▶", words.next);
      next.addEventListener("click", () => send({ event: "step", delta: 1 }));
      callBar.appendChild(next);
    }
  }

  function fillPane() {
    select.value = model.get("selected");
    fillCalls();
    const target = model.get("toggle");
    toggle.hidden = !target.name;
    toggle.textContent = target.name ? `${target.expanded ? words.collapse : words.expand} ${target.name}` : "";
    details.textContent = model.get("details");
  }

  select.addEventListener("change", () => {
    if (select.value) send({ event: "select", path: select.value, call: null });
  });
  toggle.addEventListener("click", () => send({ event: "toggle", name: model.get("toggle").name }));
  root.addEventListener("keydown", (event) => {
    if (event.target === select) return;
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      send({ event: "step", delta: event.key === "ArrowRight" ? 1 : -1 });
      event.preventDefault();
    }
  });

  model.on("change:svg", drawPicture);
  model.on("change:highlight", markHighlight);
  model.on("change:layers", fillLayers);
  for (const name of ["selected", "call", "calls", "details", "toggle"]) model.on(`change:${name}`, fillPane);
  drawPicture();
  fillLayers();
  fillPane();
}

export default { render };
