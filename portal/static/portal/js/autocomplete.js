// Title suggestions under a search box that has data-autocomplete="<json url>".
// The form works without this script; it only adds links to matching pages while typing.
(function () {
  "use strict";
  document.querySelectorAll("form[data-autocomplete]").forEach(function (form) {
    var input = form.querySelector("input[type=search]");
    var endpoint = form.getAttribute("data-autocomplete");
    var list = document.createElement("ul");
    var timer = null;
    var latest = 0;
    list.className = "autocomplete-list";
    list.id = input.id + "-suggestions";
    list.hidden = true;
    // Words in the page's language, from the form (the server translates them).
    list.setAttribute("aria-label", form.getAttribute("data-label-suggestions"));
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.insertAdjacentElement("afterend", list);

    function close() {
      list.hidden = true;
      list.textContent = "";
      input.setAttribute("aria-expanded", "false");
    }

    function show(results) {
      list.textContent = "";
      results.forEach(function (item) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        var meta = document.createElement("span");
        a.href = item.url;
        a.textContent = item.title;
        meta.className = "meta";
        var kind = form.getAttribute("data-label-" + item.type);
        meta.textContent = [kind, item.city, item.country]
          .filter(Boolean).join(" · ");
        a.appendChild(meta);
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) { close(); return; }
      timer = setTimeout(function () {
        var ticket = ++latest;
        fetch(endpoint + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { if (ticket === latest) { show(data.results); } })
          .catch(close);
      }, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); }
      if (event.key === "ArrowDown" && !list.hidden) {
        event.preventDefault();
        list.querySelector("a").focus();
      }
    });
    list.addEventListener("keydown", function (event) {
      var current = document.activeElement.parentElement;
      if (event.key === "ArrowDown" && current.nextElementSibling) {
        event.preventDefault();
        current.nextElementSibling.querySelector("a").focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        (current.previousElementSibling ? current.previousElementSibling.querySelector("a") : input).focus();
      } else if (event.key === "Escape") {
        close();
        input.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) { close(); }
    });
  });
})();
