// Reviewer wellness: sensitive content stays blurred and greyscale until the moderator reveals it.
(function () {
  "use strict";
  document.querySelectorAll("button[data-reveal]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-reveal"));
    if (!target) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var shown = target.classList.toggle("revealed");
      button.setAttribute("aria-expanded", shown ? "true" : "false");
      button.textContent = shown ? "Hide content" : "Reveal content";
      target.setAttribute("aria-hidden", shown ? "false" : "true");
    });
  });
})();
