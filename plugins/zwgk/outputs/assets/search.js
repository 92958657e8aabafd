// 站内搜索：Pagefind 的索引按需分块加载，首次搜索只下载几百 KB。
// 结果地址从网站根目录算起，所以网站放在县门户的子目录（如 /xxgk/luolong/）下也能用。
(function () {
  "use strict";
  var root = document.querySelector("[data-zwgk-search]");
  if (!root) return;
  var form = root.querySelector("form");
  var input = form.querySelector("input[name=q]");
  var status = root.querySelector("[data-zwgk-status]");
  var list = root.querySelector("[data-zwgk-results]");
  var base = new URL(root.getAttribute("data-zwgk-base"), location.href);
  var preview = root.hasAttribute("data-zwgk-preview"); // `mkdocs serve` builds no index
  var loading = null;

  // a message from the page template (with its links), in the status line screen readers announce
  function say(kind) {
    var message = root.querySelector("template[data-zwgk-message=" + kind + "]");
    list.textContent = "";
    status.textContent = "";
    status.appendChild(message.content.cloneNode(true));
  }

  function pagefind() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
        // pageLength 0.3 (Pagefind's default 0.75): a full item page with its 办事指南 should not
        // lose to a short page that merely mentions the words (measured: bench/search_quality.py)
        return module.options({ baseUrl: base.pathname, ranking: { pageLength: 0.3 } }).then(function () {
          return module;
        });
      });
    }
    return loading;
  }

  function show(results, query) {
    list.textContent = "";
    results.forEach(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = (data.meta && data.meta.title) || data.url;
      var excerpt = document.createElement("p");
      excerpt.innerHTML = data.excerpt; // Pagefind escapes the page text; only <mark> is markup
      item.appendChild(link);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    status.textContent = results.length ? "“" + query + "”的搜索结果（前 " + results.length + " 条）"
      : "没有找到与“" + query + "”有关的内容。";
  }

  function run(query) {
    query = query.trim();
    if (!query) return;
    if (preview) return say("preview");
    status.textContent = "正在搜索……";
    pagefind().then(function (module) {
      return module.search(query);
    }).then(function (search) {
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (results) {
      show(results, query);
    }).catch(function () {
      say("unavailable");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value.trim()));
    run(input.value);
  });
  input.value = new URLSearchParams(location.search).get("q") || "";
  if (input.value) run(input.value);
})();
