// @ts-check
// A tiny element builder: enough to draw forms without a framework.

/** `h("p", {class: "hint"}, "text", child)`; `on*` props become listeners. */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "class") node.className = value;
    else if (name in node && typeof value !== "string") node[name] = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** Show `message` in the error element `id` (and mark its field), or clear it. */
export function showError(id, message) {
  const box = document.getElementById(id);
  if (!box) return;
  box.textContent = message || "";
  box.hidden = !message;
  box.closest(".field")?.classList.toggle("invalid", Boolean(message));
}

/** Clear every error message inside `root`. */
export function clearErrors(root) {
  for (const box of root.querySelectorAll(".error")) {
    box.textContent = "";
    box.hidden = true;
  }
  for (const field of root.querySelectorAll(".invalid")) field.classList.remove("invalid");
}
