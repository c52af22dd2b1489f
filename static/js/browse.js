// The meetings page's few behaviours that HTML and htmx do not give: keys in the
// person type-ahead, and the phone layout's "Filters" button. Served from our own
// origin (the Content-Security-Policy allows no inline script).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function box(input) {
    return document.getElementById(input.getAttribute("aria-controls"));
  }

  function choices(input) {
    const list = box(input);
    return list ? Array.from(list.querySelectorAll("[role=option]")) : [];
  }

  function highlight(input, index) {
    const items = choices(input);
    items.forEach(function (item, i) {
      item.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index >= 0 && items[index]) {
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({block: "nearest"});
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  document.addEventListener("keydown", function (event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute("data-typeahead")) {
      return;
    }
    const items = choices(input);
    const current = items.findIndex(function (item) {
      return item.getAttribute("aria-selected") === "true";
    });
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!items.length) {
        return;
      }
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      highlight(input, (current + step + items.length) % items.length);
    } else if (event.key === "Enter" && current >= 0) {
      // Enter on a highlighted person picks them; without one it submits the form.
      event.preventDefault();
      items[current].querySelector("a").click();
    } else if (event.key === "Escape" && items.length) {
      event.preventDefault();
      box(input).replaceChildren();
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
  });

  // Leaving the name box must not refilter the list with half a name: only a pick or
  // Enter (the form's submit) does.
  document.addEventListener("change", function (event) {
    if (event.target instanceof HTMLInputElement && event.target.hasAttribute("data-typeahead")) {
      event.stopPropagation();
    }
  }, true);

  document.addEventListener("htmx:afterSwap", function (event) {
    const target = event.detail.target;
    if (target && target.id === "person-suggestions") {
      const input = document.querySelector("[data-typeahead][aria-controls=person-suggestions]");
      if (input) {
        input.setAttribute("aria-expanded", target.querySelector("[role=option]") ? "true" : "false");
        input.removeAttribute("aria-activedescendant");
      }
    }
  });

  document.addEventListener("click", function (event) {
    const button = event.target instanceof Element && event.target.closest(".filters-button");
    if (!button) {
      return;
    }
    const form = document.getElementById(button.getAttribute("aria-controls"));
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    form.classList.toggle("open", open);
    if (open) {
      const first = form.querySelector("input, select");
      if (first) {
        first.focus();
      }
    }
  });

  // After "Older meetings" the new page starts at the top: focus its heading, so keyboard
  // and screen-reader users land there too.
  document.addEventListener("htmx:afterSettle", function (event) {
    const source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (source && source.closest && source.closest(".pager")) {
      const heading = document.getElementById("results-title");
      if (heading) {
        heading.focus({preventScroll: true});
      }
    }
  });
}());
