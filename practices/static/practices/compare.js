// The practice list's compare form: sent with fewer than two practices ticked (Enter in a
// "Compare" box sends it, as in any form), it says so beside the button instead of loading a
// page with nothing to compare. Without this script the compare page says the same.
(function () {
  "use strict";
  var form = document.getElementById("compare-form");
  if (!form) {
    return;
  }
  var hint = form.querySelector(".compare-hint");
  form.addEventListener("submit", function (event) {
    var ticked = document.querySelectorAll('input[name="p"][form="compare-form"]:checked').length;
    if (ticked >= Number(form.getAttribute("data-minimum"))) {
      return;
    }
    event.preventDefault();
    hint.textContent = form.getAttribute("data-too-few").replace("{count}", ticked);
    hint.classList.add("error");
  });
})();
