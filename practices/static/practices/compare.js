// The practice list's compare form: sent with fewer than two practices ticked (Enter in a
// "Compare" box sends it, as in any form), it says so where the person is (under the box in
// focus, else beside the button) instead of loading a page with nothing to compare. Without
// this script the compare page says the same.
(function () {
  "use strict";
  var form = document.getElementById("compare-form");
  if (!form) {
    return;
  }
  var hint = form.querySelector(".compare-hint");
  var nearBox = document.createElement("p");
  nearBox.className = "compare-hint error";
  nearBox.setAttribute("role", "status");
  form.addEventListener("submit", function (event) {
    var ticked = document.querySelectorAll('input[name="p"][form="compare-form"]:checked').length;
    if (ticked >= Number(form.getAttribute("data-minimum"))) {
      return;
    }
    event.preventDefault();
    var message = form.getAttribute("data-too-few").replace("{count}", ticked);
    var box = document.activeElement;
    if (box && box.getAttribute("form") === "compare-form" && box.closest(".compare-pick")) {
      box.closest(".compare-pick").insertAdjacentElement("afterend", nearBox);
      nearBox.textContent = message;
    } else {
      hint.textContent = message;
      hint.classList.add("error");
    }
  });
})();
