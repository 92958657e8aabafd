// zwgk: print buttons on bulletin pages. Without JavaScript the page still prints (Ctrl+P);
// the buttons only appear when they can work.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-zwgk-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      document.body.classList.toggle("zwgk-a3", button.getAttribute("data-zwgk-print") === "a3");
      window.print();
    });
  });
});
