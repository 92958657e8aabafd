// 阅读设置和页面工具：字号 大/中/小、长者模式（记住选择，不弹窗）、打印本页、手机扫码打开本页。
// 没有 JavaScript 时这些按钮不显示，页面照常可读；扫码处仍显示本页地址。
(function () {
  "use strict";
  var root = document.documentElement;
  // the QR library (56 KB) is fetched only when a reader opens 扫一扫, from beside this script
  var qrLibrary = document.currentScript ? document.currentScript.src.replace(/reader\.js(\?.*)?$/, "qrcode.js") : "";
  var store = {
    get: function (key) { try { return localStorage.getItem(key); } catch (e) { return null; } },
    set: function (key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } }
  };

  function applySize(size) {
    root.setAttribute("data-zwgk-size", size);
    document.querySelectorAll("[data-zwgk-size-button]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-zwgk-size-button") === size));
    });
  }

  function applyElder(on) {
    root.classList.toggle("zwgk-elder", on);
    document.querySelectorAll("[data-zwgk-elder-button]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(on));
      button.textContent = on ? "退出长者模式" : "长者模式";
    });
  }

  function qr(target) {
    if (target.firstChild) return;
    if (typeof qrcode !== "function") {
      var script = document.createElement("script");
      script.src = qrLibrary;
      script.onload = function () { qr(target); };
      document.head.appendChild(script);
      return;
    }
    var code = qrcode(0, "M");
    code.addData(target.getAttribute("data-zwgk-qr"));
    code.make();
    // one unit a module, four modules of quiet zone (margin counts units, not modules), sized by CSS
    target.innerHTML = code.createSvgTag({ cellSize: 1, margin: 4, scalable: true, title: "本页地址的二维码" });
  }

  function setup() {
    document.querySelectorAll("[data-zwgk-size-button]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var size = button.getAttribute("data-zwgk-size-button");
        store.set("zwgk-size", size);
        applySize(size);
      });
    });
    document.querySelectorAll("[data-zwgk-elder-button]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var on = !root.classList.contains("zwgk-elder");
        store.set("zwgk-elder", on ? "1" : "0");
        applyElder(on);
      });
    });
    document.querySelectorAll("[data-zwgk-print-page]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("details[data-zwgk-qr-details]").forEach(function (details) {
      details.addEventListener("toggle", function () {
        if (details.open) qr(details.querySelector("[data-zwgk-qr]"));
      });
    });
    applySize(root.getAttribute("data-zwgk-size") || "medium");
    applyElder(root.classList.contains("zwgk-elder"));
  }

  // Material swaps pages without reloading when navigation.instant is on; it is off here, but
  // document$ also fires once on load, so use it when present.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setup);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
