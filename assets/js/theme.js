// Light/dark switch. The reader's choice is kept in localStorage; without one, the page
// follows the system setting (prefers-color-scheme, in the stylesheet).
(function () {
  var root = document.documentElement;
  var saved = null;
  try { saved = localStorage.getItem("theme"); } catch (e) {}
  if (saved === "light" || saved === "dark") root.setAttribute("data-theme", saved);

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("theme-toggle");
    if (!button) return;
    var isDark = function () {
      var set = root.getAttribute("data-theme");
      return set ? set === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
    };
    button.setAttribute("aria-pressed", String(isDark()));
    button.hidden = false;
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      button.setAttribute("aria-pressed", String(next === "dark"));
      try { localStorage.setItem("theme", next); } catch (e) {}
    });
  });
})();
