// 阅读设置和页面工具：字号 大/中/小、长者模式（记住选择，不弹窗）、打印本页、手机扫码打开本页；
// 跳到正文、表格滚动区域的名称，政务一体机（kiosk）的大二维码和无人操作后回到首页。
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
    document.querySelectorAll("[data-zwgk-skip]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
        if (!target) return;
        event.preventDefault();
        target.setAttribute("tabindex", "-1");  // focus lands on the h1; the next Tab goes on from there
        target.focus();
        target.scrollIntoView();
      });
    });
    // after Material has wrapped the Markdown tables (its own subscriber runs first)
    setTimeout(labelTableScrollers, 0);
    if (root.classList.contains("zwgk-kiosk")) kiosk();
  }

  // Material wraps each Markdown table in a box that scrolls sideways: a keyboard reaches it and a
  // screen reader names it, after the table's caption or the heading above it
  function labelTableScrollers() {
    var count = {};
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.hasAttribute("role")) return;
      var table = box.querySelector("table");
      var caption = table && table.caption ? table.caption.textContent.trim() : "";
      var name = caption;
      if (!name) {
        var heading = null;
        for (var node = box; node && !heading; node = node.previousElementSibling || node.parentElement) {
          if (/^H[1-6]$/.test(node.tagName) && node !== box) heading = node;
          if (node.classList && node.classList.contains("md-typeset")) break;
        }
        var base = heading ? heading.textContent.trim() : document.title.split(" - ")[0];
        count[base] = (count[base] || 0) + 1;
        name = base + "：表格" + (count[base] > 1 ? count[base] : "");
      }
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name);
      box.setAttribute("tabindex", "0");
    });
  }

  // 政务一体机: the page's QR code shown large, and back to the home page after a while untouched
  function kiosk() {
    document.querySelectorAll("details[data-zwgk-qr-details]").forEach(function (details) { details.open = true; });
    var home = document.querySelector("[data-zwgk-home]");
    var meta = document.querySelector('meta[name="zwgk-kiosk-idle"]');
    var seconds = meta ? parseInt(meta.getAttribute("content"), 10) : 0;
    if (!home || !(seconds > 0)) return;
    var atHome = home.href.split(/[?#]/)[0] === location.href.split(/[?#]/)[0];
    var timer = null;
    function restart() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (atHome) window.scrollTo(0, 0);
        else location.href = home.href;
      }, seconds * 1000);
    }
    ["pointerdown", "keydown", "touchstart", "wheel", "scroll", "input"].forEach(function (type) {
      window.addEventListener(type, restart, { passive: true, capture: true });
    });
    restart();
  }

  // Material swaps pages without reloading when navigation.instant is on; it is off here, but
  // document$ also fires once on load, so use it when present.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setup);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
