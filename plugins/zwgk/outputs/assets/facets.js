// 组合筛选：领域、类别、层级和清单页面上同时按几个条件筛选（同一条件内“或”，不同条件之间“且”），
// 条件写进地址（?domain=…&level=…，可收藏、分享，刷新后还原），每个选项旁显示选上它后有多少项，
// 结果数由读屏软件读出。数据是本页旁边的 facets.json。没有 JavaScript 时面板不显示，筛选栏的链接照常可用。
(function () {
  "use strict";

  function params() {
    var found = {};
    new URLSearchParams(window.location.search).forEach(function (value, key) {
      value.split(",").forEach(function (v) {
        if (v) (found[key] = found[key] || []).push(v);
      });
    });
    return found;
  }

  function chosen(form) {
    var picked = {};
    form.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      (picked[box.name] = picked[box.name] || []).push(box.value);
    });
    return picked;
  }

  // a record matches when, for every facet with something ticked, it has one of the ticked values
  function matches(record, picked, except) {
    return Object.keys(picked).every(function (key) {
      if (key === except) return true;
      var values = record.f[key] || [];
      return picked[key].some(function (v) { return values.indexOf(v) >= 0; });
    });
  }

  function setup(panel) {
    var form = panel.querySelector("form");
    var status = panel.querySelector(".zwgk-facets__status");
    var list = panel.querySelector(".zwgk-facets__results");
    var source = new URL(panel.getAttribute("data-facets"), window.location.href);
    var data = null;
    var keys = [];
    form.querySelectorAll("fieldset input").forEach(function (box) {
      if (keys.indexOf(box.name) < 0) keys.push(box.name);
    });

    function address(picked) {
      var query = new URLSearchParams(window.location.search);
      keys.forEach(function (key) { query.delete(key); });
      keys.forEach(function (key) { if (picked[key]) query.set(key, picked[key].join(",")); });
      var text = query.toString().replace(/%2C/g, ",");
      return window.location.pathname + (text ? "?" + text : "") + window.location.hash;
    }

    function update(remember) {
      var picked = chosen(form);
      var any = Object.keys(picked).length > 0;
      form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        var count = data.records.filter(function (r) {
          return matches(r, picked, box.name) && (r.f[box.name] || []).indexOf(box.value) >= 0;
        }).length;
        box.parentNode.querySelector(".zwgk-facets__count").textContent = "（" + count + "）";
      });
      var found = any ? data.records.filter(function (r) { return matches(r, picked); }) : [];
      list.textContent = "";
      found.forEach(function (record) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = new URL(record.u, source).href;
        link.textContent = record.t;
        var meta = document.createElement("span");
        meta.className = "zwgk-entries__meta";
        meta.textContent = " · " + record.k;
        item.appendChild(link);
        item.appendChild(meta);
        list.appendChild(item);
      });
      list.hidden = !any;
      status.textContent = any ? "符合所选条件的共 " + found.length + " 项" + (found.length ? "，列在下面。" : "，可以少选几个条件。")
        : "本页共 " + data.total + " 项。勾选条件后，符合的会列在这里。";
      if (remember && window.history && window.history.replaceState) {
        window.history.replaceState(window.history.state, "", address(picked));
      }
    }

    fetch(source.href).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (json) {
      // each record is [title, path from the site root, kind, option numbers] (site/facets.py)
      var flat = [];
      json.facets.forEach(function (facet) {
        facet.options.forEach(function (option) { flat.push([facet.key, option[0]]); });
      });
      data = {
        total: json.total,
        records: json.records.map(function (r) {
          var f = {};
          r[3].forEach(function (code) { (f[flat[code][0]] = f[flat[code][0]] || []).push(flat[code][1]); });
          return { t: r[0], u: json.root + r[1] + "/", k: json.kinds[r[2]], f: f };
        })
      };
      var wanted = params();
      var restored = false;
      form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        box.checked = (wanted[box.name] || []).indexOf(box.value) >= 0;
        restored = restored || box.checked;
      });
      panel.hidden = false;
      if (restored) panel.open = true;
      update(false);
      form.addEventListener("change", function () { update(true); });
      form.addEventListener("reset", function () {
        window.setTimeout(function () { update(true); }, 0);  // after the boxes are cleared
      });
    }).catch(function () { /* no data: the filter bar's links remain */ });
  }

  function start() {
    document.querySelectorAll("details.zwgk-facets[data-facets]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
